import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildSmartModule } from "../build/build-module.js";
import { compileSmartModule } from "../host/compile-node.js";
import type { CompiledSmartModule } from "../host/compiled-module.js";
import type { ModuleInstance } from "../host/module-instance.js";
import { formatRecordLine, parseRecordLines } from "../local/record-lines.js";
import { unpackRecords } from "../packed/packed-reader.js";
import { packRecords } from "../packed/packed-writer.js";
import { examplePath, hostilePath } from "../test-support/test-modules.js";
import { DEFAULT_SANDBOX_LIMITS } from "./sandbox-limits.js";
import { WorkerInstance } from "./worker-instance.js";
import { WarmSpares } from "./warm-spares.js";

// Real worker instances of real modules; only the bookkeeping of what was started and closed is ours.
let piiMask: CompiledSmartModule;
let trap: CompiledSmartModule;
/** Every start asked for, in the order asked. */
const starting: Promise<ModuleInstance>[] = [];
const closed = new Set<ModuleInstance>();
let spares: WarmSpares | null = null;

function start(compiled: CompiledSmartModule, name: string): Promise<ModuleInstance> {
  const instance = WorkerInstance.start(compiled, name, DEFAULT_SANDBOX_LIMITS).then((started) => {
    const close = started.close.bind(started);
    started.close = async () => {
      closed.add(started);
      await close();
    };
    return started;
  });
  starting.push(instance);
  return instance;
}

/** The instances started so far, once every start asked for has finished. */
const settled = () => Promise.all(starting);

function sparesOf(maxSpares: number, idleMs: number): WarmSpares {
  spares = new WarmSpares({ start, maxSpares, idleMs });
  return spares;
}

beforeAll(async () => {
  piiMask = await compileSmartModule((await buildSmartModule(examplePath("pii-mask"))).wasm);
  trap = await compileSmartModule((await buildSmartModule(hostilePath("trap"))).wasm);
});

afterEach(async () => {
  await spares?.close();
  spares = null;
  await Promise.all((await settled()).map((instance) => instance.close()));
  starting.length = 0;
  closed.clear();
});

describe("warm spares", () => {
  it("hands out the spare started after the last take, and starts the next one", async () => {
    const pool = sparesOf(4, 60_000);
    const first = await pool.take(piiMask, "pii-mask");
    expect([(await settled()).length, pool.size]).toEqual([2, 1]);
    const second = await pool.take(piiMask, "pii-mask");
    const started = await settled();
    expect(second).toBe(started[1]);
    expect(second).not.toBe(first);
    expect([started.length, pool.size]).toEqual([3, 1]);

    // The spare is a whole instance: init and process as any other.
    await second.init([["fields", "email"]]);
    const batch = parseRecordLines('{"id":1,"email":"a@b.c"}\n');
    if (!batch.ok) throw new Error(batch.message);
    const out = await second.process(packRecords(batch.records), new Uint8Array());
    expect(unpackRecords(out.records).map(formatRecordLine)).toEqual(['{"offset":0,"value":{"id":1,"email":"***"}}']);
  });

  it("keeps spares per module under the same name, closes the least recently used beyond the maximum, and idle ones", async () => {
    const pool = sparesOf(1, 3_000);
    await pool.take(piiMask, "pii-mask");
    const piiSpare = (await settled())[1]!;
    await pool.take(trap, "trap");
    const trapSpare = (await settled())[3]!;
    await sleep(50);
    // Only one spare: the trap's; pii-mask's was closed to make room.
    expect(pool.size).toBe(1);
    expect(closed.has(piiSpare)).toBe(true);
    expect(closed.has(trapSpare)).toBe(false);
    // A spare nobody takes is closed after idleMs.
    await sleep(3_500);
    expect([pool.size, closed.has(trapSpare)]).toEqual([0, true]);
  });

  it("closes its spares when closed, and starts none after", async () => {
    const pool = sparesOf(4, 60_000);
    await pool.take(piiMask, "pii-mask");
    const spare = (await settled())[1]!;
    await pool.close();
    expect(closed.has(spare)).toBe(true);
    await pool.take(piiMask, "pii-mask");
    expect([(await settled()).length, pool.size]).toEqual([3, 0]);
  });
});

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { packRecords } from "@freshet/smartmodule/packed/packed-writer";
import { unpackRecords } from "@freshet/smartmodule/packed/packed-reader";
import { DEFAULT_RUNTIME_LIMITS } from "@freshet/smartmodule/runtime-node";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { FileRegistry } from "./file-registry.js";
import { ANONYMOUS, type InstanceBudgetLimits } from "./instance-budget.js";
import { ChainOpener } from "./open-chain.js";
import { SmartFetchSessions, type SmartFetchSession } from "./smart-fetch-sessions.js";

const IDLE_MS = 60_000;
const keepPT = [{ module: "json-filter", params: { field: "country", value: "PT" } }];
const target = { topic: "t", partition: 0 };
const record = (offset: number, country: string) => ({ offset, timestamp: 0, key: null, value: Buffer.from(JSON.stringify({ country })), headers: [] });

let dir: string;
let registry: FileRegistry;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "freshet-smart-fetch-sessions-"));
  registry = await FileRegistry.open(dir);
  const loaded = await registry.load("json-filter", "0.1.0", (await buildSmartModule(examplePath("json-filter"))).wasm);
  expect(loaded.ok).toBe(true);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

function connection(id: number, principal = ANONYMOUS): { id: number; abandoned: Promise<void>; principal: string; close(): void } {
  let close!: () => void;
  const abandoned = new Promise<void>((resolve) => (close = resolve));
  return { id, abandoned, principal, close };
}

async function open(sessions: SmartFetchSessions, conn: { id: number; abandoned: Promise<void>; principal: string }): Promise<SmartFetchSession> {
  const opened = await sessions.open(conn, target, keepPT, []);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

/** The chain still answers: a running session keeps a live worker. */
async function kept(session: SmartFetchSession): Promise<number[]> {
  const out = await session.chain.process(packRecords([record(1, "PT"), record(2, "SE")]));
  return unpackRecords(out.records).map((r) => r.offset);
}

const openers: ChainOpener[] = [];
afterEach(async () => {
  await Promise.all(openers.splice(0).map((opener) => opener.close()));
});

function setup(budget?: InstanceBudgetLimits): { sessions: SmartFetchSessions; clock: ManualClock } {
  const clock = new ManualClock(1_000);
  const chains = new ChainOpener(registry, DEFAULT_RUNTIME_LIMITS, budget === undefined ? {} : { budget });
  openers.push(chains);
  const sessions = new SmartFetchSessions(chains, { idleMs: IDLE_MS }, { clock, logger: pino({ level: "silent" }) });
  return { sessions, clock };
}

describe("SmartFetchSessions", () => {
  it("numbers sessions per connection and finds them only on their own connection", async () => {
    const { sessions } = setup();
    const a = connection(1);
    const b = connection(2);
    const [a1, a2, b1] = [await open(sessions, a), await open(sessions, a), await open(sessions, b)];
    expect([a1.id, a2.id, b1.id]).toEqual([1, 2, 1]);
    expect(sessions.get(1, 2)).toBe(a2);
    expect(sessions.get(2, 2)).toBeUndefined();
    expect(await kept(a1)).toEqual([1]);
    a.close();
    b.close();
    await expect.poll(() => sessions.size).toBe(0);
  });

  it("closes every session of a connection when the connection goes, and only those", async () => {
    const { sessions } = setup();
    const gone = connection(1);
    const stays = connection(2);
    const doomed = await open(sessions, gone);
    const survivor = await open(sessions, stays);
    gone.close();
    await expect.poll(() => sessions.get(1, doomed.id)).toBeUndefined();
    await expect(kept(doomed)).rejects.toThrow();
    expect(sessions.get(2, survivor.id)).toBe(survivor);
    expect(await kept(survivor)).toEqual([1]);
    stays.close();
  });

  it("closes a session left unused for the idle timeout; use keeps it open", async () => {
    const { sessions, clock } = setup();
    const conn = connection(1);
    const busy = await open(sessions, conn);
    const idle = await open(sessions, conn);
    clock.advance(IDLE_MS - 1);
    expect(sessions.get(1, busy.id)).toBe(busy);
    clock.advance(1);
    await sessions.closeIdle();
    expect([sessions.get(1, busy.id), sessions.get(1, idle.id)]).toEqual([busy, undefined]);
    await expect(kept(idle)).rejects.toThrow();
    clock.advance(IDLE_MS);
    await sessions.closeIdle();
    expect(sessions.size).toBe(0);
    conn.close();
  });

  it("refuses an unknown module and rejected params with the module's message", async () => {
    const { sessions } = setup();
    const conn = connection(1);
    expect(await sessions.open(conn, target, [{ module: "json-filter@9.9.9", params: {} }], [])).toEqual({
      ok: false,
      error: { errorName: "RESOURCE_NOT_FOUND", message: "SmartModule 'json-filter@9.9.9': no SmartModule json-filter@9.9.9 is loaded" },
    });
    expect(await sessions.open(conn, target, [{ module: "json-filter", params: { field: "country" } }], [])).toEqual({
      ok: false,
      error: { errorName: "INVALID_CONFIG", message: "parameter 'value' is required by SmartModule 'json-filter' (the value to keep)" },
    });
    expect(sessions.size).toBe(0);
    conn.close();
  });

  it("counts each session's instances against its principal and the broker until the session closes", async () => {
    const { sessions } = setup({ maxInstances: 3, maxInstancesPerPrincipal: 2 });
    const alice = connection(1, "alice");
    const bob = connection(2, "bob");
    const first = await open(sessions, alice);
    await open(sessions, alice);
    expect(await sessions.open(alice, target, keepPT, [])).toEqual({
      ok: false,
      error: {
        errorName: "THROTTLING_QUOTA_EXCEEDED",
        message: "Principal 'alice' already runs 2 SmartModule instances on this broker, the most allowed per principal; end another stream first",
      },
    });
    await open(sessions, bob);
    expect(await sessions.open(bob, target, keepPT, [])).toEqual({
      ok: false,
      error: { errorName: "THROTTLING_QUOTA_EXCEEDED", message: "This broker already runs 3 SmartModule instances for readers, its limit; try again when other streams end" },
    });
    await sessions.close(first);
    expect(await kept(await open(sessions, bob))).toEqual([1]);
    alice.close();
    bob.close();
  });
});

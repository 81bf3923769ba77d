import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSmartModule } from "../build/build-module.js";
import { GUEST_ENGINES, type GuestEngine } from "../build/guest-engines.js";
import type { SmartModuleChain } from "../chain/chain.js";
import { SmartModuleError } from "../errors.js";
import { formatRecordLine, parseRecordLines } from "../local/record-lines.js";
import { unpackRecords } from "../packed/packed-reader.js";
import { packRecords } from "../packed/packed-writer.js";
import { openNodeChain, type RuntimeLimits } from "../runtime-node.js";
import { examplePath, hostilePath, type HostileModuleName } from "../test-support/test-modules.js";
import type { ModuleLanguage } from "../build/language.js";

// A first batch on a loaded 2-core machine can take a few hundred ms (lazy wasm compilation); 1 s leaves it room.
const LIMITS: RuntimeLimits = { batchTimeoutMs: 1000, startTimeoutMs: 15_000, memoryLimitBytes: 32 * 2 ** 20 };

function batchOf(text: string): Uint8Array {
  const parsed = parseRecordLines(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return packRecords(parsed.records);
}

interface Guest {
  readonly label: string;
  readonly language: ModuleLanguage;
  readonly engine?: GuestEngine;
}

/** Every guest toolchain: TypeScript on each JS engine, and AssemblyScript compiled. */
const GUESTS: readonly Guest[] = [...GUEST_ENGINES.map((engine) => ({ label: engine, language: "typescript" as const, engine })), { label: "assemblyscript", language: "assemblyscript" }];

async function openHostile(name: HostileModuleName, guest: Guest): Promise<SmartModuleChain> {
  const { wasm } = await buildSmartModule(hostilePath(name, guest.language), undefined, guest.engine);
  return openNodeChain([{ name, module: wasm, params: [] }], LIMITS);
}

async function failureOf(run: Promise<unknown>): Promise<SmartModuleError> {
  const error = await run.then(
    () => undefined,
    (cause: unknown) => cause,
  );
  if (!(error instanceof SmartModuleError)) throw new Error(`expected a SmartModuleError, got ${String(error)}`);
  return error;
}

describe("hostile modules", () => {
  // A well-behaved chain in the same process must keep working while the others are stopped.
  let bystander: SmartModuleChain;
  const bystanderWorks = async (): Promise<void> => {
    const out = await bystander.process(batchOf('{"id":1,"email":"a@b.c"}\n'));
    expect(unpackRecords(out.records).map(formatRecordLine)).toEqual(['{"offset":0,"value":{"id":1,"email":"***"}}']);
  };

  beforeAll(async () => {
    const { wasm } = await buildSmartModule(examplePath("pii-mask"));
    bystander = await openNodeChain([{ name: "pii-mask", module: wasm, params: [["fields", "email"]] }], LIMITS);
  });
  afterAll(() => bystander.close());

  for (const guest of GUESTS) {
    it(`an infinite loop is stopped at the batch deadline, and the chain stays failed (${guest.label})`, async () => {
      const chain = await openHostile("infinite-loop", guest);
      const started = performance.now();
      const error = await failureOf(chain.process(batchOf('"x"\n')));
      const elapsed = performance.now() - started;
      expect(error.kind).toBe("timeout");
      expect(error.message).toBe(`SmartModule 'infinite-loop' ran past its ${LIMITS.batchTimeoutMs} ms limit on one batch and was stopped`);
      expect(elapsed).toBeGreaterThanOrEqual(LIMITS.batchTimeoutMs - 10);
      // The deadline plus scheduling slack on a loaded 2-core machine; a limit twice as long would fail this.
      expect(elapsed).toBeLessThan(2 * LIMITS.batchTimeoutMs);
      await bystanderWorks();
      expect(await failureOf(chain.process(batchOf('"y"\n')))).toBe(error);
      await chain.close();
    });

    it(`a memory bomb traps at the memory cap (${guest.label})`, async () => {
      const chain = await openHostile("memory-bomb", guest);
      const before = process.memoryUsage().rss;
      const error = await failureOf(chain.process(batchOf('"x"\n')));
      expect(error.kind).toBe("trap");
      expect(error.message).toBe("SmartModule 'memory-bomb' trapped: wasm `unreachable` instruction executed (an uncaught exception or exhausting the 32 MiB memory limit stops a module this way)");
      // The cap holds inside the module: the process did not grow by anything like the bomb's appetite.
      expect(process.memoryUsage().rss - before).toBeLessThan(256 * 2 ** 20);
      await bystanderWorks();
      await chain.close();
    });

    it(`a plain exception thrown out of process traps the instance (${guest.label})`, async () => {
      const chain = await openHostile("trap", guest);
      const error = await failureOf(chain.process(batchOf('"x"\n')));
      expect(error.kind).toBe("trap");
      // Both JS engines turn an uncaught exception at the export boundary into `unreachable`; an AssemblyScript throw aborts, built as `unreachable`.
      expect(error.message).toBe("SmartModule 'trap' trapped: wasm `unreachable` instruction executed (an uncaught exception or exhausting the 32 MiB memory limit stops a module this way)");
      expect(await failureOf(chain.process(batchOf('"y"\n')))).toBe(error);
      await bystanderWorks();
      await chain.close();
    });
  }
});

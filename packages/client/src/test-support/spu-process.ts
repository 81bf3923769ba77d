import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
// The launcher by path: @freshet/spu-worker depends on this package, so this package cannot
// declare a dependency on it. Tests only: the package's build leaves test-support/ out.
import { resolveEngineEntry, spawnEngine, stopProcess, waitUntilListening, type EngineArgs } from "../../../../apps/spu-worker/src/launch/index.js";

export interface RunningSpu {
  readonly bootstrap: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 30_000;

/** Starts the built spu-worker on a free port in a fresh data directory, with extra worker settings. */
export async function startSpu(args: Omit<EngineArgs, "dataDir" | "port"> = {}): Promise<RunningSpu> {
  const entry = await resolveEngineEntry();
  if (!entry.ok) throw new Error(entry.reason);
  const dataDir = await mkdtemp(join(tmpdir(), "freshet-client-it-"));
  const spawned = await spawnEngine({ entry: entry.path, args: { logLevel: "warn", ...args, dataDir, port: 0 }, output: "pipe" });
  if (!spawned.ok) throw new Error(spawned.reason);
  const engine = spawned.process;
  let stderr = "";
  engine.child.stdout!.resume();
  engine.child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = await waitUntilListening({ dataDir, identity: engine.identity, timeoutMs: START_TIMEOUT_MS, exitReason: engine.exitReason });
  if (!ready.ok) {
    engine.child.kill("SIGKILL");
    throw new Error(`spu-worker: ${ready.reason}: ${stderr}`);
  }
  return {
    bootstrap: `${ready.info.host}:${ready.info.port}`,
    dataDir,
    async stop() {
      await stopProcess(engine.identity, STOP_GRACE_MS);
      await engine.exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

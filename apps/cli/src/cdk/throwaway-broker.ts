import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnEngine, stopProcess, waitUntilListening } from "@freshet/spu-worker/launch";
import { UserError } from "../errors/user-error.js";
import { READY_TIMEOUT_MS, STOP_GRACE_MS } from "../local-cluster/local-context.js";
import { resolveWorkerPath } from "../local-cluster/worker-path.js";

export interface ThrowawayBroker {
  readonly bootstrap: string;
  /** Stops the broker and deletes its data; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * A standalone broker on a free loopback port with its data in a temporary folder, for one
 * `freshet cdk test`. Not detached, unlike `cluster start --local`: it ends with the command.
 */
export async function startThrowawayBroker(workerOverride: string | undefined): Promise<ThrowawayBroker> {
  const entry = await resolveWorkerPath(workerOverride);
  const dataDir = await mkdtemp(join(tmpdir(), "freshet-cdk-test-"));
  const remove = (): Promise<void> => rm(dataDir, { recursive: true, force: true });
  // No initial rebalance delay: a sink is its group's only member, and the run is short.
  const spawned = await spawnEngine({ entry, args: { dataDir, host: "127.0.0.1", port: 0, groupInitialRebalanceDelayMs: 0 }, output: { logFile: join(dataDir, "spu.log") } });
  if (!spawned.ok) {
    await remove();
    throw new UserError(`cannot start a local broker: ${spawned.reason}`);
  }
  const { identity, exitReason } = spawned.process;
  const ready = await waitUntilListening({ dataDir, identity, timeoutMs: READY_TIMEOUT_MS, exitReason });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await stopProcess(identity, STOP_GRACE_MS);
      await remove();
    })());
  if (!ready.ok) {
    await stop();
    throw new UserError(`the local broker did not start: ${ready.reason}`);
  }
  return { bootstrap: `${ready.info.host}:${ready.info.port}`, stop };
}

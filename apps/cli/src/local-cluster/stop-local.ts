import type { CliContext } from "../context.js";
import { UserError } from "../errors/user-error.js";
import type { ProcessHost } from "./process-host.js";
import { stopWorkers } from "./stop-workers.js";

/**
 * Stops a standalone broker: SIGTERM (it finishes in-flight writes and removes
 * spu.json), then SIGKILL if it is still alive after `graceMs`.
 */
export async function stopLocalCluster(context: CliContext, machine: ProcessHost, dataDir: string, graceMs: number): Promise<{ pid: number; forced: boolean }> {
  const runtime = await machine.running(dataDir);
  if (runtime === null) throw new UserError(`no Freshet cluster is running (data dir ${dataDir})`);
  const [stopped] = await stopWorkers(machine, [{ label: "the SPU", dataDir, pid: runtime.pid }], graceMs, (line) => context.stderr.write(line));
  return { pid: runtime.pid, forced: stopped!.forced };
}

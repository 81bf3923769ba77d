import type { CliContext } from "../context.js";
import { UserError } from "../errors/user-error.js";
import type { ProcessHost } from "./process-host.js";
import type { SpuRuntime } from "./spu-runtime.js";
import { startWorkers } from "./start-workers.js";

export interface StartLocalOptions {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** How long to wait for the worker's spu.json. */
  readonly readyTimeoutMs: number;
}

export type StartOutcome = { readonly kind: "started" | "already-running"; readonly runtime: SpuRuntime };

/**
 * Starts a single standalone broker (its own controller) detached, logging to
 * <data-dir>/spu.log, and waits until it has written <data-dir>/spu.json.
 */
export async function startLocalCluster(context: CliContext, machine: ProcessHost, options: StartLocalOptions): Promise<StartOutcome> {
  const { dataDir, host, port } = options;
  const running = await machine.running(dataDir);
  if (running !== null) return { kind: "already-running", runtime: running };
  if (port !== 0 && (await machine.portInUse(host, port))) {
    throw new UserError(`port ${port} on ${host} is already in use — stop what uses it or pick another with --port`);
  }
  const [runtime] = await startWorkers(machine, [{ role: "standalone", dataDir, host, port }], {
    readyTimeoutMs: options.readyTimeoutMs,
    progress: (line) => context.stderr.write(line),
  });
  return { kind: "started", runtime: runtime! };
}

import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { engineArgv, type EngineArgs } from "./args.js";
import { identityOf, type ProcessIdentity } from "./identity.js";

export interface SpawnEngine {
  /** The worker entry (entry.ts). */
  readonly entry: string;
  readonly args: EngineArgs;
  /** Flags as typed on a command line, after `args`: only for tests of the worker's own parsing. */
  readonly rawArgv?: readonly string[];
  /** Where stdout and stderr go: piped to this process, dropped, or appended to a log file. */
  readonly output: "pipe" | "ignore" | { readonly logFile: string };
  /** Its own session, not ended with this process: it outlives the launcher, which may exit. */
  readonly detached?: boolean;
  /** A command that execs the worker in the same process (e.g. prlimit), before node. */
  readonly wrapper?: readonly string[];
}

export interface EngineProcess {
  readonly child: ChildProcess;
  readonly identity: ProcessIdentity;
  readonly dataDir: string;
  /** Why it ended ("exit code 2", "signal SIGKILL"), or null while it runs or when it ended after this launcher let go. */
  readonly exitReason: () => string | null;
  /** Settles when the child exits, with its exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
}

function exitDescription(code: number | null, signal: NodeJS.Signals | null): string {
  return signal === null ? `exit code ${code}` : `signal ${signal}`;
}

/**
 * Starts `node <entry> <flags>`. Fails with a sentence when the process could not be
 * started or was gone before its identity could be read.
 */
export async function spawnEngine(options: SpawnEngine): Promise<{ readonly ok: true; readonly process: EngineProcess } | { readonly ok: false; readonly reason: string }> {
  const { dataDir } = options.args;
  await mkdir(dataDir, { recursive: true });
  const command = [...(options.wrapper ?? []), process.execPath, options.entry, ...engineArgv(options.args), ...(options.rawArgv ?? [])];
  const { output } = options;
  let sink: "pipe" | "ignore" | number;
  if (typeof output === "object") {
    await mkdir(dirname(output.logFile), { recursive: true });
    sink = openSync(output.logFile, "a");
  } else {
    sink = output;
  }
  let child: ChildProcess;
  try {
    child = spawn(command[0]!, command.slice(1), { detached: options.detached === true, stdio: ["ignore", sink, sink] });
  } finally {
    // The child holds its own copy of the log's descriptor.
    if (typeof sink === "number") closeSync(sink);
  }
  let exit: string | null = null;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code, signal) => {
      exit = exitDescription(code, signal);
      resolve(code);
    });
    child.once("error", (error) => {
      exit ??= error.message;
      if (child.pid === undefined) resolve(null);
    });
  });
  if (options.detached === true) child.unref();
  // Read at once: between fork and exec the pid and start time are already the child's.
  const identity = child.pid === undefined ? null : identityOf(child.pid);
  if (identity === null) {
    const reason = child.pid === undefined ? "it could not be started" : "it exited at once";
    return { ok: false, reason: `${options.entry} did not run: ${reason}` };
  }
  return { ok: true, process: { child, identity, dataDir, exitReason: () => exit, exited } };
}

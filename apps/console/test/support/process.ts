import { spawn, type ChildProcess } from "node:child_process";

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the first output line matching `pattern`; rejects if the process exits first or the deadline passes. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL if it has not exited within the grace period. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns a server process for an end-to-end test and keeps its output for failure messages. */
export function startProcess(name: string, command: string, args: readonly string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): ManagedProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", () => {
    for (const listener of listeners) listener();
  });

  return {
    name,
    child,
    output: () => output,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (const line of output.split("\n")) {
            const match = line.match(pattern);
            if (match) return finish(() => resolve(match));
          }
          if (child.exitCode !== null || child.signalCode !== null) {
            finish(() => reject(new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${output}`)));
          }
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`${name} did not print ${pattern} within ${timeoutMs} ms:\n${output}`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

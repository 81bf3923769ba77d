import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface ServiceSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

const STOP_GRACE_MS = 15_000;

/** One service of the local cloud: its output prefixed with its name, stopped with SIGTERM then SIGKILL. */
export class Service {
  readonly exited: Promise<number | null>;
  #child: ChildProcess;

  constructor(
    readonly spec: ServiceSpec,
    write: (line: string) => void,
  ) {
    this.#child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: spec.env, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [this.#child.stdout, this.#child.stderr]) {
      if (stream !== null) createInterface({ input: stream }).on("line", (line) => write(`${spec.name.padEnd(8)}| ${line}`));
    }
    this.exited = new Promise((resolve) => {
      this.#child.on("exit", (code) => resolve(code));
      this.#child.on("error", (cause) => {
        write(`${spec.name.padEnd(8)}| could not start: ${cause.message}`);
        resolve(null);
      });
    });
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill("SIGTERM");
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Polls an HTTP URL until it answers (any status) or the deadline passes. */
export async function waitForHttp(url: string, timeoutMs: number, alive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  return false;
}

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The built `freshet` binary, as users run it. */
export const CLI_MAIN = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI with FRESHET_HOME set to `home` (plus `env`), `input` on stdin, and collects
 * everything it printed; `onStdout` sees the output so far as it arrives (to answer a prompt).
 */
export function runCli(home: string, args: readonly string[], input?: string, env: NodeJS.ProcessEnv = {}, onStdout?: (soFar: string) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { env: { ...process.env, ...env, FRESHET_HOME: home }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout);
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

/**
 * What a run printed on stderr other than the "waiting for … (N s)…" progress lines that starting
 * SPUs prints once a start takes longer than a couple of seconds (as it can on a loaded machine).
 */
export function withoutProgress(stderr: string): string {
  return stderr.replace(/^waiting for .* \(\d+ s\)…\n/gm, "");
}

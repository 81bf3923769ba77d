import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Runs a snippet copied from the console the way a person pastes it into a shell, with the
 * password in the environment variable the snippet reads. Answers stdout; a failing command
 * rejects with its stderr.
 */
export async function runSnippet(snippet: string, env: Record<string, string>, options: { cwd?: string; timeoutMs?: number } = {}): Promise<string> {
  const { stdout } = await run("bash", ["-c", snippet], { env: { ...process.env, ...env }, cwd: options.cwd, timeout: options.timeoutMs ?? 15_000 });
  return stdout;
}

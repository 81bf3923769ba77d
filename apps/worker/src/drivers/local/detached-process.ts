import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { identityOf, type ProcessIdentity } from "@freshet/spu-worker/launch";
import { logTail } from "./member-process.js";

/**
 * Starts `node <argv>` in its own session, stdout and stderr appended to `logFile`: it must
 * outlive this worker, which a restart replaces. `what` names it in the error when it does not start.
 */
export async function spawnDetached(argv: readonly string[], logFile: string, what: string): Promise<ProcessIdentity> {
  const log = openSync(logFile, "a");
  let pid: number | undefined;
  try {
    const child = spawn(process.execPath, argv, { detached: true, stdio: ["ignore", log, log] });
    child.once("error", () => undefined);
    child.unref();
    pid = child.pid;
  } finally {
    closeSync(log);
  }
  const identity = pid === undefined ? null : identityOf(pid);
  if (identity === null) throw new Error(`the ${what} process did not start:\n${await logTail(logFile)}`);
  return identity;
}

/** Writes `text` by rename unless the file holds it already; true if it changed. */
export async function replaceFile(path: string, text: string, mode: number): Promise<boolean> {
  if ((await readFile(path, "utf8").catch(() => null)) === text) return false;
  await writeFile(`${path}.tmp`, text, { mode });
  await rename(`${path}.tmp`, path);
  return true;
}

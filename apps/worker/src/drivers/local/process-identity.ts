/*
 * Which process a pid is, read from Linux's /proc. A pid alone is not an identity: once a
 * process exits its pid may be given to an unrelated one, so a pid file also records the
 * process's start time (field 22 of /proc/<pid>/stat, clock ticks since boot), and a process
 * is "the same" only while both match. The local driver runs on Linux only.
 */
import { readFile, readdir } from "node:fs/promises";

export interface ProcessIdentity {
  readonly pid: number;
  /** Start time in clock ticks since boot, as /proc prints it. */
  readonly startTicks: string;
}

/** The identity of the live process `pid`, or null if there is none (zombies count as gone). */
export async function identityOf(pid: number): Promise<ProcessIdentity | null> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const state = fields[0];
  const startTicks = fields[19];
  if (state === undefined || startTicks === undefined || state === "Z" || state === "X") return null;
  return { pid, startTicks };
}

export async function isAlive(identity: ProcessIdentity): Promise<boolean> {
  return (await identityOf(identity.pid))?.startTicks === identity.startTicks;
}

/** Arguments of process `pid` (empty once it is gone). */
export async function commandLineOf(pid: number): Promise<string[]> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, "utf8");
    return raw.split("\0").filter((arg) => arg.length > 0);
  } catch {
    return [];
  }
}

/** Every live process whose command line has `flag` followed by a value `accept` takes, with that value. */
export async function processesWithFlag(flag: string, accept: (value: string) => boolean): Promise<{ identity: ProcessIdentity; value: string }[]> {
  const found: { identity: ProcessIdentity; value: string }[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const args = await commandLineOf(pid);
    const at = args.indexOf(flag);
    const value = at >= 0 ? args[at + 1] : undefined;
    if (value === undefined || !accept(value)) continue;
    const identity = await identityOf(pid);
    if (identity !== null) found.push({ identity, value });
  }
  return found;
}

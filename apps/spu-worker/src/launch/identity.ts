/*
 * Which process a pid is, read from Linux's /proc. A pid alone is not an identity: once a
 * process exits its pid may be given to an unrelated one, so launchers keep the process's
 * start time (field 22 of /proc/<pid>/stat, clock ticks since boot) beside it, and a process
 * is "the same" only while both match. /proc is a kernel view in memory, so it is read
 * synchronously.
 */
import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";

export interface ProcessIdentity {
  readonly pid: number;
  /** Start time in clock ticks since boot, as /proc prints it. */
  readonly startTicks: string;
}

/** State letter and start time from the text of /proc/<pid>/stat. */
export function parseStat(stat: string): { readonly state: string; readonly startTicks: string } | null {
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const state = fields[0];
  const startTicks = fields[19];
  if (state === undefined || state === "" || startTicks === undefined || !/^\d+$/.test(startTicks)) return null;
  return { state, startTicks };
}

function readStat(pid: number): { readonly state: string; readonly startTicks: string } | null {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return null;
  }
}

const gone = (state: string): boolean => state === "Z" || state === "X";

/** The identity of the live process `pid`, or null if there is none (zombies count as gone). */
export function identityOf(pid: number): ProcessIdentity | null {
  const stat = readStat(pid);
  return stat === null || gone(stat.state) ? null : { pid, startTicks: stat.startTicks };
}

/** Whether the process `identity` names still runs: the same pid with the same start time. */
export function isAlive(identity: ProcessIdentity): boolean {
  return identityOf(identity.pid)?.startTicks === identity.startTicks;
}

/**
 * Whether some process `pid` runs, for a pid read from a runtime file with no start time
 * beside it. A process whose parent is gone is a zombie until init reaps it, and signal 0
 * still reaches a zombie, so /proc's state decides where it exists.
 */
export function pidRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === "EPERM";
  }
  const stat = readStat(pid);
  return stat === null || !gone(stat.state);
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
    const identity = identityOf(pid);
    if (identity !== null) found.push({ identity, value });
  }
  return found;
}

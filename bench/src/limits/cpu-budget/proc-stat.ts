import { readFileSync } from "node:fs";

/**
 * /proc/<pid>/stat counts CPU time in clock ticks of USER_HZ, which the kernel
 * fixes at 100 for user space on every architecture Linux runs Node on
 * (sysconf(_SC_CLK_TCK); the kernel's own HZ may differ, the /proc unit does not).
 */
const TICKS_PER_SECOND = 100;

export interface ProcessTicks {
  /** Fields 14 and 15: time the process's threads ran in user and kernel mode. */
  readonly utime: number;
  readonly stime: number;
  /** Fields 16 and 17: the same for children the process has waited for. */
  readonly cutime: number;
  readonly cstime: number;
}

/**
 * Parses one /proc/<pid>/stat line. The command name (field 2) is in parentheses
 * and may itself hold spaces and parentheses, so fields are counted from the last ")".
 */
export function parseProcStat(line: string): ProcessTicks {
  const close = line.lastIndexOf(")");
  if (close < 0) throw new SyntaxError("a /proc/<pid>/stat line without the command name's ')'");
  // After ")" come fields 3 (state) onwards: field n is at index n - 3.
  const fields = line
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const tick = (field: number): number => {
    const value = Number(fields[field - 3]);
    if (!Number.isSafeInteger(value) || value < 0) throw new SyntaxError(`/proc/<pid>/stat field ${field} is not a tick count: "${fields[field - 3]}"`);
    return value;
  };
  return { utime: tick(14), stime: tick(15), cutime: tick(16), cstime: tick(17) };
}

/**
 * CPU seconds a process has used so far, user plus kernel; with `withChildren`
 * also its waited-for children's (the client programs the bench runs). Null once
 * the process is gone.
 */
export function cpuSecondsOf(pid: number | "self", withChildren: boolean): number | null {
  let line: string;
  try {
    line = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  const ticks = parseProcStat(line);
  const own = ticks.utime + ticks.stime;
  return (withChildren ? own + ticks.cutime + ticks.cstime : own) / TICKS_PER_SECOND;
}

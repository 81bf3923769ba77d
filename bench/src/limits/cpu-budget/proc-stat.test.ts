import { describe, expect, it } from "vitest";
import { cpuSecondsOf, parseProcStat } from "./proc-stat.js";

// A real line from a node process, with its 52 fields; utime 1234, stime 567, cutime 89, cstime 10.
const NODE_LINE =
  "4242 (node) S 4200 4242 4200 34816 4242 4194304 21911 0 0 0 1234 567 89 10 20 0 11 0 1799 1178243072 24834 18446744073709551615 1 1 0 0 0 0 0 16781312 134235650 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0";

describe("parseProcStat", () => {
  it("reads user, kernel and waited-for children's ticks", () => {
    expect(parseProcStat(NODE_LINE)).toEqual({ utime: 1234, stime: 567, cutime: 89, cstime: 10 });
  });

  it("counts fields from the last ')' when the command name holds spaces and parentheses", () => {
    const tricky = NODE_LINE.replace("(node)", "(MainThread (1) x)");
    expect(parseProcStat(tricky)).toEqual({ utime: 1234, stime: 567, cutime: 89, cstime: 10 });
  });

  it("rejects a line that is not a stat line", () => {
    expect(() => parseProcStat("no command name here")).toThrow(SyntaxError);
    expect(() => parseProcStat("1 (x) S 1 2")).toThrow(/field 14/);
  });

  it("reads this process's own CPU time, and nothing for a process that is gone", () => {
    expect(cpuSecondsOf("self", false)).toBeGreaterThanOrEqual(0);
    expect(cpuSecondsOf(2 ** 31 - 1, false)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { CloseLog } from "./close-log.js";

function recorder() {
  const lines: { fields: Record<string, unknown>; msg: string }[] = [];
  return { lines, logger: { warn: (fields: Record<string, unknown>, msg: string) => void lines.push({ fields, msg }) } as never };
}

describe("CloseLog", () => {
  it("logs the first closes of each reason, then one summary per interval counting the rest by reason", () => {
    const { lines, logger } = recorder();
    const clock = new ManualClock();
    const log = new CloseLog(logger, clock, 5, 1_000, 2);
    for (let i = 0; i < 50; i++) log.closed({ connection: i, remote: "x", reason: `frame of ${i} bytes exceeds the 100-byte limit` });
    log.closed({ connection: 51, remote: "x", reason: "unsupported api key 999" });
    expect(lines.map((line) => line.msg)).toEqual(["closing connection", "closing connection", "closing connection"]);
    clock.advance(1_000);
    expect(lines).toHaveLength(4);
    expect(lines[3]!.fields).toMatchObject({ closed: 48, reasons: { "frame of N bytes exceeds the N-byte limit": 48 } });
    // A new interval logs again.
    log.closed({ connection: 60, remote: "x", reason: "idle for 10 ms" });
    expect(lines).toHaveLength(5);
    log.close();
    log.close();
  });
});

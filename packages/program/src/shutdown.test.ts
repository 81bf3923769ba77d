import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { shutdownOnSignal } from "./shutdown.js";

function recordingLogger() {
  const lines: string[] = [];
  const log = (fieldsOrMessage: unknown, message?: string) => lines.push(typeof fieldsOrMessage === "string" ? fieldsOrMessage : String(message));
  return { lines, logger: { info: log, error: log } as never };
}

describe("shutdownOnSignal", () => {
  it("runs every step once, in order, on the first signal and exits 0", async () => {
    const signals = new EventEmitter();
    const { lines, logger } = recordingLogger();
    const ran: string[] = [];
    const code = shutdownOnSignal({ logger, signals, timeoutMs: 5_000, steps: [() => ran.push("server"), async () => ran.push("database")] });
    expect(ran).toEqual([]);
    signals.emit("SIGTERM");
    signals.emit("SIGINT");
    expect(await code).toBe(0);
    expect(ran).toEqual(["server", "database"]);
    expect(lines).toEqual(["shutting down", "stopped"]);
  });

  it("runs the later steps after one fails, and exits 1", async () => {
    const signals = new EventEmitter();
    const { lines, logger } = recordingLogger();
    const ran: string[] = [];
    const failing = async () => {
      throw new Error("close failed");
    };
    const code = shutdownOnSignal({ logger, signals, timeoutMs: 5_000, steps: [failing, () => ran.push("database")] });
    signals.emit("SIGINT");
    expect(await code).toBe(1);
    expect(ran).toEqual(["database"]);
    expect(lines).toEqual(["shutting down", "shutdown failed", "stopped"]);
  });

  it("exits 1 once the steps outlast the timeout", async () => {
    const signals = new EventEmitter();
    const { lines, logger } = recordingLogger();
    const code = shutdownOnSignal({ logger, signals, timeoutMs: 50, steps: [() => new Promise(() => undefined)] });
    signals.emit("SIGTERM");
    expect(await code).toBe(1);
    expect(lines).toEqual(["shutting down", "graceful shutdown timed out"]);
  });
});

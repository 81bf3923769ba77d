import { describe, expect, it } from "vitest";
import { parseSimulatorFlags } from "./cli-options.js";

describe("parseSimulatorFlags", () => {
  it("defaults to 127.0.0.1:12111 without webhooks", () => {
    expect(parseSimulatorFlags([])).toEqual({ ok: true, flags: { port: 12111, host: "127.0.0.1" } });
  });

  it("reads the port and a webhook endpoint with its secret", () => {
    expect(parseSimulatorFlags(["--port", "0", "--webhook", "http://127.0.0.1:3000/webhooks/stripe", "--webhook-secret", "whsec_x"])).toEqual({
      ok: true,
      flags: { port: 0, host: "127.0.0.1", webhook: "http://127.0.0.1:3000/webhooks/stripe", webhookSecret: "whsec_x" },
    });
  });

  it.each([
    [["--port", "70000"], "--port must be a whole number from 0 to 65535."],
    [["--port", "abc"], "--port must be a whole number from 0 to 65535."],
    [["--webhook", "http://127.0.0.1:3000/hook"], "--webhook and --webhook-secret go together."],
    [["--webhook", "ftp://example.com", "--webhook-secret", "s"], "--webhook must be an http(s) URL."],
    [["--webhook", "http://127.0.0.1/hook", "--webhook-secret", "  "], "--webhook-secret must not be blank."],
  ])("refuses %j with one sentence", (argv, message) => {
    expect(parseSimulatorFlags(argv)).toEqual({ ok: false, message });
  });

  it("refuses unknown flags", () => {
    const result = parseSimulatorFlags(["--prot", "1"]);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.message).toContain("--prot");
  });
});

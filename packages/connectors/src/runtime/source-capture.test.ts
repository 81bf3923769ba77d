import { describe, expect, it } from "vitest";
import { captureTarget } from "./source-capture.js";

describe("captureTarget", () => {
  it("takes a built-in source that can be captured, with its config checked", async () => {
    const target = await captureTarget("mqtt-source", { url: "mqtt://127.0.0.1:1883", topics: ["a/#"] });
    expect(target.ok && target.connector.type).toBe("mqtt-source");
    expect(target.ok && target.settings).toMatchObject({ qos: 1, payloadFormat: "binary" });
  });

  it("says why a type cannot be captured, in one sentence", async () => {
    expect(await captureTarget("nats-source", {})).toEqual({ ok: false, message: "nats-source cannot run in a preview without disturbing the deployed connector" });
    expect(await captureTarget("postgres-sink", {})).toEqual({ ok: false, message: "postgres-sink is a sink, not a source" });
    expect(await captureTarget("carrier-pigeon", {})).toEqual({ ok: false, message: 'there is no built-in connector "carrier-pigeon"' });
    const wrong = await captureTarget("mqtt-source", { url: "mqtt://127.0.0.1:1883" });
    expect(wrong.ok ? "" : wrong.message).toMatch(/^config\.topics: /);
  });
});

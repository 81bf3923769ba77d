import { describe, expect, it } from "vitest";
import { alertRuleSpecSchema, conditionOf, paramsOf } from "./alert-rule.js";
import { evaluateRule, keepSamples, type AlertSample } from "./evaluate-rule.js";
import { alertWebhookSecret, signAlertPayload, verifyAlertSignature } from "./webhook-signature.js";

const minute = 60_000;
/** Samples every 30 s from t=0: values[i] is read at i × 30 s. */
const every30s = (...values: number[]): AlertSample[] => values.map((value, i) => ({ at: i * 30_000, value }));

describe("evaluateRule", () => {
  it("knows nothing until the window is covered", () => {
    expect(evaluateRule({ kind: "stalled" }, 2 * minute, every30s(5, 5, 5), 60_000)).toEqual({ state: "unknown", summary: "Collecting samples until the 2 minutes window is full." });
  });

  it("stalled: fires when the end offsets did not move for the whole window, clears when they move", () => {
    const flat = every30s(10, 12, 12, 12, 12, 12);
    expect(evaluateRule({ kind: "stalled" }, 2 * minute, flat, 150_000)).toEqual({ state: "firing", value: 120, summary: "No new records for 2 minutes." });
    // Records arrived 90 s ago: less than the window without any.
    expect(evaluateRule({ kind: "stalled" }, 2 * minute, every30s(10, 10, 10, 11, 11, 11), 150_000)).toMatchObject({ state: "ok" });
    expect(evaluateRule({ kind: "stalled" }, 2 * minute, [...flat, { at: 180_000, value: 13 }], 180_000)).toMatchObject({ state: "ok", value: 0 });
  });

  it("throughput: the rate over the window against the band", () => {
    // 600 records in 120 s: 5 records/s.
    const steady = every30s(0, 150, 300, 450, 600);
    expect(evaluateRule({ kind: "throughput", min: 1, max: 10 }, 2 * minute, steady, 120_000)).toMatchObject({ state: "ok", value: 5 });
    expect(evaluateRule({ kind: "throughput", min: 6, max: null }, 2 * minute, steady, 120_000)).toEqual({
      state: "firing",
      value: 5,
      summary: "5 records/s over the last 2 minutes, below the lowest 6.",
    });
    expect(evaluateRule({ kind: "throughput", min: null, max: 4 }, 2 * minute, steady, 120_000)).toMatchObject({ state: "firing", summary: expect.stringContaining("above the highest 4") });
  });

  it("errorRate: errors per minute over the window, a restarted counter counted from zero", () => {
    // 4 errors, then a restart (counter back to 0), then 2 more: 6 errors in 2 minutes = 3/min.
    const errors = every30s(0, 2, 4, 0, 2);
    expect(evaluateRule({ kind: "errorRate", maxPerMinute: 2 }, 2 * minute, errors, 120_000)).toMatchObject({ state: "firing", value: 3 });
    expect(evaluateRule({ kind: "errorRate", maxPerMinute: 3 }, 2 * minute, errors, 120_000)).toMatchObject({ state: "ok", value: 3 });
  });

  it("lagGrowing: fires only when the lag rose and never fell over the window", () => {
    const condition = { kind: "lagGrowing", groupId: "billing" } as const;
    expect(evaluateRule(condition, 2 * minute, every30s(10, 20, 20, 35, 50), 120_000)).toEqual({
      state: "firing",
      value: 50,
      summary: "Lag of group billing grew from 10 to 50 over the last 2 minutes.",
    });
    expect(evaluateRule(condition, 2 * minute, every30s(10, 20, 5, 35, 50), 120_000)).toMatchObject({ state: "ok", value: 50 });
    expect(evaluateRule(condition, 2 * minute, every30s(10, 10, 10, 10, 10), 120_000)).toMatchObject({ state: "ok" });
  });
});

describe("keepSamples", () => {
  it("keeps the baseline and what follows, thinned to about 200 samples", () => {
    expect(keepSamples(every30s(1, 2, 3, 4, 5), 120_000, minute)).toEqual([
      { at: 60_000, value: 3 },
      { at: 90_000, value: 4 },
      { at: 120_000, value: 5 },
    ]);
    const dense = Array.from({ length: 1_000 }, (_, i) => ({ at: i * 1_000, value: i }));
    const kept = keepSamples(dense, 999_000, 1_000_000);
    expect(kept.length).toBeLessThanOrEqual(201);
    expect([kept[0], kept.at(-1)]).toEqual([dense[0], dense.at(-1)]);
  });
});

describe("alert rule spec", () => {
  it("round-trips a condition through the kind and params columns, and refuses a kind on the wrong target", () => {
    const condition = { kind: "throughput", min: 1, max: null } as const;
    expect(conditionOf("throughput", paramsOf(condition))).toEqual(condition);
    const refused = alertRuleSpecSchema.safeParse({ name: "x", target: { kind: "connector", connectorId: "con_1" }, condition: { kind: "stalled" }, windowSeconds: 60 });
    expect(refused.error?.issues[0]?.message).toBe("Stalled, lag and throughput alerts watch a topic; error-rate alerts watch a connector or a pipeline.");
    const pipeline = { name: "x", target: { kind: "pipeline", pipelineId: "pip_1" }, condition: { kind: "errorRate", maxPerMinute: 1 }, windowSeconds: 60 };
    expect(alertRuleSpecSchema.safeParse(pipeline).success).toBe(true);
    const band = alertRuleSpecSchema.safeParse({ name: "x", target: { kind: "topic", topic: "t" }, condition: { kind: "throughput", min: 5, max: 1 }, windowSeconds: 60 });
    expect(band.error?.issues[0]?.message).toBe("The lowest rate must not be above the highest.");
  });
});

describe("webhook signature", () => {
  it("verifies what it signed, within the tolerance, with the right secret only", () => {
    const secret = alertWebhookSecret("control-plane-secret-0123456789abcdef", "org_1", 1);
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(alertWebhookSecret("control-plane-secret-0123456789abcdef", "org_1", 2)).not.toBe(secret);
    const header = signAlertPayload(secret, '{"a":1}', 1_000);
    expect(verifyAlertSignature(secret, '{"a":1}', header, 1_100)).toBe(true);
    expect(verifyAlertSignature(secret, '{"a":2}', header, 1_100)).toBe(false);
    expect(verifyAlertSignature(secret, '{"a":1}', header, 2_000)).toBe(false);
    expect(verifyAlertSignature(`${secret}x`, '{"a":1}', header, 1_100)).toBe(false);
  });
});

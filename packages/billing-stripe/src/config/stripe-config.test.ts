import { describe, expect, it } from "vitest";
import { stripeConfigFromEnv } from "./stripe-config.js";

describe("stripeConfigFromEnv", () => {
  it("is null without keys, so the process runs without Stripe", () => {
    expect(stripeConfigFromEnv({})).toBeNull();
    expect(stripeConfigFromEnv({ STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "" })).toBeNull();
  });

  it("turns STRIPE_API_BASE into the SDK's host, port and protocol", () => {
    expect(stripeConfigFromEnv({ STRIPE_SECRET_KEY: "sk_test_local", STRIPE_WEBHOOK_SECRET: "whsec_local", STRIPE_API_BASE: "http://127.0.0.1:12111" })).toEqual({
      secretKey: "sk_test_local",
      webhookSecret: "whsec_local",
      apiBase: { host: "127.0.0.1", port: 12111, protocol: "http" },
    });
    expect(stripeConfigFromEnv({ STRIPE_SECRET_KEY: "sk_test_x", STRIPE_WEBHOOK_SECRET: "whsec_x" })).toEqual({ secretKey: "sk_test_x", webhookSecret: "whsec_x" });
  });

  it("names a half-set or malformed configuration in one sentence", () => {
    expect(() => stripeConfigFromEnv({ STRIPE_SECRET_KEY: "sk_test_x" })).toThrow("invalid environment: STRIPE_SECRET_KEY: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET together, or neither");
    expect(() => stripeConfigFromEnv({ STRIPE_SECRET_KEY: "pk_test_x", STRIPE_WEBHOOK_SECRET: "whsec_x" })).toThrow("STRIPE_SECRET_KEY: expected a Stripe secret key such as sk_test_…");
    expect(() => stripeConfigFromEnv({ STRIPE_SECRET_KEY: "sk_test_x", STRIPE_WEBHOOK_SECRET: "whsec_x", STRIPE_API_BASE: "ftp://x" })).toThrow(/STRIPE_API_BASE/);
  });
});

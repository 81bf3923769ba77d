import { homedir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { publishedSecret } from "@freshet/control-plane/dev-secrets";
import { parseEnv } from "./env.js";

describe("parseEnv", () => {
  it("fills defaults, treating empty variables as unset", () => {
    const env = parseEnv({ NODE_ENV: "test", REDIS_URL: "", WORKER_CONCURRENCY: "3" });
    expect(env).toMatchObject({
      REDIS_URL: "redis://127.0.0.1:6379",
      PROVISIONING_QUEUE: "provisioning",
      FRESHET_CLOUD_DATA: join(homedir(), ".freshet", "cloud"),
      CONTROL_PLANE_SECRET: "freshet-local-control-plane-secret-not-for-production",
      WORKER_CONCURRENCY: 3,
      WORKER_LOCK_MS: 30_000,
      RECONCILE_INTERVAL_MS: 60_000,
      METERING_INTERVAL_MS: 60_000,
      METERING_QUEUE: "metering",
      METRICS_INTERVAL_MS: 15_000,
      METRICS_QUEUE: "cluster-metrics",
      ALERTS_INTERVAL_MS: 30_000,
      ALERTS_QUEUE: "alerts",
      HUB_UPDATE_INTERVAL_MS: 3_600_000,
      HUB_UPDATE_QUEUE: "hub-updates",
      BILLING_QUEUE: "billing",
      BILLING_SETTLE_MS: 3_600_000,
      BILLING_DUNNING_GRACE_MS: 604_800_000,
      BILLING_CLOSE_EVERY_MS: 3_600_000,
      BILLING_DISPATCH_EVERY_MS: 60_000,
      BILLING_BUDGET_EVERY_MS: 20_000,
      SPEND_CAP_FLOOR_BYTES_PER_SECOND: 65_536,
    });
    expect(env.FRESHET_SPU_ENTRY).toMatch(/apps\/spu-worker\/dist\/main\.js$/);
  });

  it("refuses to start without a control-plane secret, or with the published one, outside tests", () => {
    expect(() => parseEnv({})).toThrow(/^invalid environment: CONTROL_PLANE_SECRET: is required/);
    const published = { CONTROL_PLANE_SECRET: publishedSecret("control-plane-secret") };
    for (const NODE_ENV of [undefined, "development", "production"]) {
      expect(() => parseEnv({ ...published, NODE_ENV })).toThrow(/CONTROL_PLANE_SECRET: is the development value published in Freshet's source/);
    }
    expect(parseEnv({ ...published, FRESHET_DEV_SECRETS: "true" }).CONTROL_PLANE_SECRET).toBe(published.CONTROL_PLANE_SECRET);
    expect(parseEnv({ CONTROL_PLANE_SECRET: "a-random-secret-of-at-least-32-characters" }).CONTROL_PLANE_SECRET).toBe("a-random-secret-of-at-least-32-characters");
  });

  it("takes 0 or at least a second between usage collection passes", () => {
    expect(parseEnv({ NODE_ENV: "test", METERING_INTERVAL_MS: "0" }).METERING_INTERVAL_MS).toBe(0);
    expect(() => parseEnv({ NODE_ENV: "test", METERING_INTERVAL_MS: "500" })).toThrow("invalid environment: METERING_INTERVAL_MS: must be 0 (off) or at least 1000");
  });

  it("takes 0 (off) or at least a second between hub update passes", () => {
    expect(parseEnv({ NODE_ENV: "test", HUB_UPDATE_INTERVAL_MS: "0" }).HUB_UPDATE_INTERVAL_MS).toBe(0);
    expect(() => parseEnv({ NODE_ENV: "test", HUB_UPDATE_INTERVAL_MS: "10" })).toThrow("invalid environment: HUB_UPDATE_INTERVAL_MS: must be 0 (off) or at least 1000");
  });

  it("names every bad variable", () => {
    expect(() => parseEnv({ CONTROL_PLANE_SECRET: "short", WORKER_LOCK_MS: "10" })).toThrow(
      "invalid environment: CONTROL_PLANE_SECRET: Too small: expected string to have >=32 characters; WORKER_LOCK_MS: Too small: expected number to be >=1000",
    );
  });
});

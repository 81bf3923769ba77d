import { homedir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.js";

describe("parseEnv", () => {
  it("fills defaults, treating empty variables as unset", () => {
    const env = parseEnv({ REDIS_URL: "", WORKER_CONCURRENCY: "3" });
    expect(env).toMatchObject({
      REDIS_URL: "redis://127.0.0.1:6379",
      PROVISIONING_QUEUE: "provisioning",
      FRESHET_CLOUD_DATA: join(homedir(), ".freshet", "cloud"),
      CONTROL_PLANE_SECRET: "freshet-local-control-plane-secret-not-for-production",
      WORKER_CONCURRENCY: 3,
      WORKER_LOCK_MS: 30_000,
      RECONCILE_INTERVAL_MS: 60_000,
    });
    expect(env.FRESHET_SPU_ENTRY).toMatch(/apps\/spu-worker\/dist\/main\.js$/);
  });

  it("names every bad variable", () => {
    expect(() => parseEnv({ CONTROL_PLANE_SECRET: "short", WORKER_LOCK_MS: "10" })).toThrow(
      "invalid environment: CONTROL_PLANE_SECRET: Too small: expected string to have >=32 characters; WORKER_LOCK_MS: Too small: expected number to be >=1000",
    );
  });
});

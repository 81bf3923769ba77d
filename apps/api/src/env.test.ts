import { expect, it } from "vitest";
import { parseEnv } from "./env.js";

it("fills local defaults; an empty variable counts as unset", () => {
  expect(parseEnv({ API_PORT: "" })).toEqual({
    DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/freshet",
    REDIS_URL: "redis://127.0.0.1:6379",
    PROVISIONING_QUEUE: "provisioning",
    API_PORT: 4000,
    API_HOST: "127.0.0.1",
    BETTER_AUTH_SECRET: "freshet-local-auth-secret-not-for-production",
    CONTROL_PLANE_SECRET: "freshet-local-control-plane-secret-not-for-production",
    CONSOLE_ORIGIN: "http://127.0.0.1:3000",
    TRUST_PROXY: false,
  });
});

it("names every bad variable", () => {
  expect(() => parseEnv({ API_PORT: "70000", BETTER_AUTH_SECRET: "short", TRUST_PROXY: "yes" })).toThrow(
    /^invalid environment: API_PORT: .*; BETTER_AUTH_SECRET: .*; TRUST_PROXY: .*$/,
  );
});

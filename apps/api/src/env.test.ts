import { expect, it } from "vitest";
import { publishedSecret } from "@freshet/control-plane/dev-secrets";
import { parseEnv } from "./env.js";

it("fills local defaults in tests; an empty variable counts as unset", () => {
  expect(parseEnv({ NODE_ENV: "test", API_PORT: "" })).toEqual({
    DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/freshet",
    REDIS_URL: "redis://127.0.0.1:6379",
    PROVISIONING_QUEUE: "provisioning",
    API_PORT: 4000,
    API_HOST: "127.0.0.1",
    BETTER_AUTH_SECRET: "freshet-local-auth-secret-not-for-production",
    CONTROL_PLANE_SECRET: "freshet-local-control-plane-secret-not-for-production",
    CONSOLE_ORIGIN: "http://127.0.0.1:3000",
    MAIL_FROM: "Freshet <no-reply@freshet.local>",
  });
});

it("refuses the published development secrets outside tests, unless FRESHET_DEV_SECRETS=true", () => {
  const mail = { SMTP_URL: "smtp://127.0.0.1:2525" };
  const published = { BETTER_AUTH_SECRET: publishedSecret("auth-secret"), CONTROL_PLANE_SECRET: publishedSecret("control-plane-secret") };
  for (const NODE_ENV of [undefined, "development", "production"]) {
    expect(() => parseEnv({ ...mail, ...published, NODE_ENV })).toThrow(
      /^invalid environment: BETTER_AUTH_SECRET: is the development value published .*; CONTROL_PLANE_SECRET: is the development value published /,
    );
    expect(() => parseEnv({ ...mail, NODE_ENV })).toThrow(/^invalid environment: BETTER_AUTH_SECRET: is required.*; CONTROL_PLANE_SECRET: is required/);
  }
  expect(parseEnv({ ...mail, ...published, FRESHET_DEV_SECRETS: "true" })).toMatchObject(published);
  const own = { BETTER_AUTH_SECRET: "b".repeat(32), CONTROL_PLANE_SECRET: "c".repeat(32) };
  expect(parseEnv({ ...mail, ...own, NODE_ENV: "production" })).toMatchObject(own);
});

it("names every bad variable", () => {
  expect(() => parseEnv({ NODE_ENV: "test", API_PORT: "70000", BETTER_AUTH_SECRET: "short", PROXY_SECRET: "short" })).toThrow(
    /^invalid environment: API_PORT: .*; BETTER_AUTH_SECRET: .*; PROXY_SECRET: .*$/,
  );
});

import { describe, expect, it } from "vitest";
import { resolveSasl } from "./sasl-flags.js";

const profile = { sasl: { mechanism: "scram-sha-256" as const, username: "saved", password: "saved-secret" } };

describe("resolveSasl", () => {
  it("takes the password from FRESHET_PASSWORD when --sasl-password is not given", () => {
    expect(resolveSasl({ bootstrap: "h:1", saslUsername: "u" }, null, "from-env")).toEqual({ mechanism: "scram-sha-256", username: "u", password: "from-env" });
  });

  it("prefers --sasl-password over the environment", () => {
    expect(resolveSasl({ saslUsername: "u", saslPassword: "flag" }, null, "from-env")).toEqual({ mechanism: "scram-sha-256", username: "u", password: "flag" });
  });

  it("uses the profile's login without flags, even with FRESHET_PASSWORD set", () => {
    expect(resolveSasl({}, profile, "from-env")).toEqual(profile.sasl);
  });

  it("refuses a username without any password", () => {
    expect(() => resolveSasl({ saslUsername: "u" }, null, undefined)).toThrow("SASL needs --sasl-username and a password (FRESHET_PASSWORD, or --sasl-password)");
  });
});

import { describe, expect, it } from "vitest";
import { ScramClientExchange } from "@freshet/client/connection/sasl/scram-client";
import { CredentialStore } from "./credential-store.js";
import { parseCredentials } from "./credentials-file.js";
import { scramKeyPair, sha256 } from "./scram-keys.js";
import { ScramServerExchange } from "./scram-server.js";

// RFC 7677 §3: user "user", password "pencil".
const CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
const SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
const SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
const CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
const SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

async function rfcStore(): Promise<CredentialStore> {
  const salt = Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64");
  const { clientKey, serverKey } = await scramKeyPair("pencil", salt, 4096);
  const file = parseCredentials({
    version: 1,
    users: {
      user: {
        "scram-sha-256": {
          salt: salt.toString("base64"),
          iterations: 4096,
          storedKey: sha256(clientKey).toString("base64"),
          serverKey: serverKey.toString("base64"),
        },
      },
    },
  });
  if (!file.ok) throw new Error(file.error);
  return new CredentialStore(file.value);
}

describe("SCRAM-SHA-256 server exchange", () => {
  it("reproduces the RFC 7677 exchange byte for byte", async () => {
    const exchange = new ScramServerExchange(await rfcStore(), () => SERVER_NONCE);
    expect(exchange.step(CLIENT_FIRST)).toEqual({ ok: true, value: { kind: "continue", message: SERVER_FIRST } });
    expect(exchange.step(CLIENT_FINAL)).toEqual({ ok: true, value: { kind: "done", message: SERVER_FINAL, username: "user" } });
    expect(exchange.step(CLIENT_FINAL)).toEqual({ ok: false, error: "SCRAM exchange already finished" });
  });

  it("accepts librdkafka's doubled client nonce, refuses a foreign one", async () => {
    const store = await rfcStore();
    const doubled = new ScramServerExchange(store, () => SERVER_NONCE);
    doubled.step(CLIENT_FIRST);
    const final = CLIENT_FINAL.replace("r=", "r=rOprNGfwEbeRWgbNEkqO");
    // The proof signs the message as sent, so it no longer matches: the nonce check passes and the proof fails.
    expect(doubled.step(final)).toEqual({ ok: false, error: "invalid credentials" });
    const foreign = new ScramServerExchange(store, () => SERVER_NONCE);
    foreign.step(CLIENT_FIRST);
    expect(foreign.step(CLIENT_FINAL.replace("hNlF$k0", "hNlF$k1"))).toEqual({ ok: false, error: "SCRAM nonce mismatch" });
  });

  it("refuses a wrong proof, an unknown user, channel binding and a malformed message", async () => {
    const store = await rfcStore();
    const wrong = new ScramServerExchange(store, () => SERVER_NONCE);
    wrong.step(CLIENT_FIRST);
    expect(wrong.step(CLIENT_FINAL.replace("p=dHzb", "p=dHzc"))).toEqual({ ok: false, error: "invalid credentials" });
    expect(new ScramServerExchange(store).step("n,,n=nobody,r=abc")).toEqual({ ok: false, error: "invalid credentials" });
    expect(new ScramServerExchange(store).step("p=tls-unique,,n=user,r=abc")).toEqual({ ok: false, error: "SCRAM channel binding is not supported" });
    expect(new ScramServerExchange(store).step("n,,r=abc")).toEqual({ ok: false, error: "SCRAM client-first message lacks n= or r=" });
  });
});

describe("SCRAM-SHA-256 client exchange", () => {
  it("produces RFC 7677's client messages and verifies its server signature", async () => {
    const client = new ScramClientExchange("user", { password: "pencil" }, "rOprNGfwEbeRWgbNEkqO");
    expect(client.first()).toBe(CLIENT_FIRST);
    expect(await client.final(SERVER_FIRST)).toBe(CLIENT_FINAL);
    expect(() => client.verify(SERVER_FINAL)).not.toThrow();
    expect(() => client.verify("v=AAAA")).toThrow("SCRAM server signature does not verify");
  });

  it("logs in with keys instead of the password, against the server", async () => {
    const salt = Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64");
    const keys = await scramKeyPair("pencil", salt, 4096);
    const client = new ScramClientExchange("user", { keys });
    const server = new ScramServerExchange(await rfcStore());
    const first = server.step(client.first());
    if (!first.ok) throw new Error(first.error);
    const done = server.step(await client.final(first.value.message));
    if (!done.ok) throw new Error(done.error);
    expect(done.value.kind).toBe("done");
    client.verify(done.value.message);
  });
});

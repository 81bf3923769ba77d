/* The CLI against a broker that requires SASL: --sasl-* flags, a profile's login, and refused logins. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scramCredential } from "@freshet/engine/auth/create-credentials";
import { startSpu, type RunningSpu } from "@freshet/client/internal/spu-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_CONFIG, withProfile, writeConfig } from "./profile/config-file.js";
import { runCli } from "./test-support/run-cli.js";

let home: string;
let spu: RunningSpu;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "freshet-cli-sasl-"));
  const credentials = join(home, "credentials.json");
  await writeFile(credentials, JSON.stringify({ version: 1, users: { alice: { "scram-sha-256": await scramCredential("alice-secret") } } }));
  spu = await startSpu({ saslCredentials: credentials });
});

afterAll(async () => {
  await spu.stop();
  await rm(home, { recursive: true, force: true });
});

describe("freshet with SASL", () => {
  it("creates, produces and consumes with --sasl-* flags (SCRAM by default; PLAIN, which needs TLS, is refused)", async () => {
    const login = ["--bootstrap", spu.bootstrap, "--sasl-username", "alice", "--sasl-password", "alice-secret"];
    expect((await runCli(home, [...login, "topic", "create", "cli-sasl"])).code).toBe(0);
    const cleartext = await runCli(home, [...login, "--sasl-mechanism", "PLAIN", "produce", "cli-sasl"], "lost\n");
    expect(cleartext.code).not.toBe(0);
    expect(cleartext.stderr).toContain("PLAIN is accepted only over TLS");
    const produced = await runCli(home, [...login, "--sasl-mechanism", "SCRAM-SHA-256", "produce", "cli-sasl"], "one\ntwo\n");
    expect(produced.code, produced.stderr).toBe(0);
    // The password from FRESHET_PASSWORD, as the console's snippet has it: never on the command line.
    const consumed = await runCli(home, ["--bootstrap", spu.bootstrap, "--sasl-username", "alice", "consume", "cli-sasl", "-B", "-d"], undefined, { FRESHET_PASSWORD: "alice-secret" });
    expect(consumed.stdout).toBe("one\ntwo\n");
  });

  it("logs in with the current profile's sasl fields", async () => {
    await writeConfig(home, withProfile(EMPTY_CONFIG, "tenant", { bootstrap: spu.bootstrap, sasl: { mechanism: "scram-sha-256", username: "alice", password: "alice-secret" } }));
    const listed = await runCli(home, ["topic", "list"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain("cli-sasl");
  });

  it("reports a wrong password, a missing password and a missing login", async () => {
    const wrong = await runCli(home, ["--bootstrap", spu.bootstrap, "--sasl-username", "alice", "--sasl-password", "nope", "topic", "list"]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain(`SASL SCRAM-SHA-256 login as "alice" to ${spu.bootstrap} failed: Authentication failed during SCRAM-SHA-256 authentication: invalid username or password`);
    const half = await runCli(home, ["--bootstrap", spu.bootstrap, "--sasl-username", "alice", "topic", "list"]);
    expect(half.code).toBe(2);
    expect(half.stderr).toContain("SASL needs --sasl-username and a password (FRESHET_PASSWORD, or --sasl-password)");
    const none = await runCli(home, ["--bootstrap", spu.bootstrap, "topic", "list"]);
    expect(none.code).not.toBe(0);
  });
});

import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CredentialStore } from "./credential-store.js";
import { loadCredentialsFile } from "./credentials-file.js";
import { scramCredential } from "./create-credentials.js";

/** Records what the store logs, by level. */
function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (_fields: object, msg: string) => void lines.push({ level, msg });
  return { lines, logger: { info: at("info"), warn: at("warn"), error: at("error") } as never };
}

async function until(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

describe("CredentialStore.watch", () => {
  let dir: string;
  let path: string;
  let store: CredentialStore | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "freshet-credential-store-"));
    path = join(dir, "credentials.json");
  });

  afterEach(async () => {
    store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Replaces the file by rename, as the provisioning worker does. */
  async function replaceFile(content: string): Promise<void> {
    await writeFile(`${path}.tmp`, content);
    await rename(`${path}.tmp`, path);
  }

  async function fileWith(users: Record<string, string>): Promise<string> {
    const entries: Record<string, object> = {};
    for (const [name, password] of Object.entries(users)) entries[name] = { "scram-sha-256": await scramCredential(password) };
    return JSON.stringify({ version: 1, users: entries });
  }

  it("takes a rewritten file's users without a restart, and keeps them when a later file is invalid", async () => {
    await replaceFile(await fileWith({ alice: "alice-secret" }));
    const loaded = await loadCredentialsFile(path);
    if (!loaded.ok) throw new Error(loaded.error);
    const { lines, logger } = recordingLogger();
    store = new CredentialStore(loaded.value);
    store.watch(path, logger, 20);

    await replaceFile(await fileWith({ bob: "bob-secret" }));
    await until("bob to be accepted", () => store!.scramCredential("bob") !== undefined);
    expect(store.scramCredential("alice")).toBeUndefined();
    expect(await store.verifyPassword("bob", "bob-secret")).toBe(true);
    expect(await store.verifyPassword("bob", "wrong")).toBe(false);

    await replaceFile(JSON.stringify({ version: 1, users: { carol: { "scram-sha-256": { salt: "AA==", iterations: 1, storedKey: "AA==", serverKey: "AA==" } } } }));
    await until("the refusal to be logged", () => lines.some((line) => line.level === "error"));
    expect(lines.filter((line) => line.level === "error").map((line) => line.msg)).toEqual(["SASL credentials not reloaded: keeping the previous users"]);
    expect(store.scramCredential("carol")).toBeUndefined();
    expect(await store.verifyPassword("bob", "bob-secret")).toBe(true);

    store.close();
    store.close();
    await replaceFile(await fileWith({ dave: "dave-secret" }));
    await new Promise((done) => setTimeout(done, 150));
    expect(store.scramCredential("dave")).toBeUndefined();
  });

  it("reports users removed or given a new secret, and not users rewritten unchanged", async () => {
    const alice = { "scram-sha-256": await scramCredential("alice-secret") };
    const bob = { "scram-sha-256": await scramCredential("bob-secret") };
    const carol = { "scram-sha-256": await scramCredential("carol-secret") };
    await replaceFile(JSON.stringify({ version: 1, users: { alice, bob, carol } }));
    const loaded = await loadCredentialsFile(path);
    if (!loaded.ok) throw new Error(loaded.error);
    store = new CredentialStore(loaded.value);
    const revoked: string[][] = [];
    store.onRevoked((names) => void revoked.push([...names]));
    store.watch(path, recordingLogger().logger, 20);

    const newBob = { "scram-sha-256": await scramCredential("bob-new-secret") };
    await replaceFile(JSON.stringify({ version: 1, users: { carol, bob: newBob } }));
    await until("the revocation", () => revoked.length > 0);
    expect(revoked).toEqual([["alice", "bob"]]);
  });
});

/*
 * SASL against a hostile or departed user, on the real broker process: password
 * guessing is slowed per address, and a revoked login loses the connections it
 * already opened.
 */
import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { scramCredential } from "@freshet/engine/auth/create-credentials";
import { Kafka, logLevel, type SASLOptions } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

let spu: SpuProcess;
let credentialsDir: string;
let credentialsPath: string;

async function writeUsers(users: Record<string, string>): Promise<void> {
  const entries: Record<string, object> = {};
  for (const [name, password] of Object.entries(users)) entries[name] = { "scram-sha-256": await scramCredential(password) };
  // Replaced by rename, as the cloud's worker does.
  await writeFile(`${credentialsPath}.tmp`, JSON.stringify({ version: 1, users: entries }));
  await rename(`${credentialsPath}.tmp`, credentialsPath);
}

beforeAll(async () => {
  credentialsDir = await makeDataDir();
  credentialsPath = join(credentialsDir, "credentials.json");
  await writeUsers({ alice: "alice-secret", bob: "bob-secret" });
  spu = await startSpu({ args: ["--sasl-credentials", credentialsPath] });
});

afterAll(async () => {
  expect(await spu.stop()).toBe(0);
  await removeDataDir(spu.dataDir);
  await removeDataDir(credentialsDir);
});

function kafka(sasl: SASLOptions): Kafka {
  return new Kafka({ clientId: "sasl-abuse", brokers: [spu.bootstrap], sasl, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
}

describe("a revoked SASL login", () => {
  it("loses its open connections when its user is removed or its password changes, and cannot reconnect", async () => {
    const bob = kafka({ mechanism: "scram-sha-256", username: "bob", password: "bob-secret" });
    const producer = bob.producer();
    await producer.connect();
    await producer.send({ topic: "revocation", messages: [{ value: "before" }] });
    const alice = kafka({ mechanism: "scram-sha-256", username: "alice", password: "alice-secret" }).admin();
    await alice.connect();
    expect(await alice.listTopics()).toContain("revocation");

    await writeUsers({ alice: "alice-new-secret" });
    await eventually("bob's and alice's connections to be closed", () =>
      /"usernames":\["bob","alice"\],"closed":[1-9]/.test(spu.output()) || /"usernames":\["alice","bob"\],"closed":[1-9]/.test(spu.output()) ? true : undefined,
    );
    await expect(producer.send({ topic: "revocation", messages: [{ value: "after" }] })).rejects.toThrow();
    await expect(alice.listTopics()).rejects.toThrow();
    const again = kafka({ mechanism: "scram-sha-256", username: "bob", password: "bob-secret" }).admin();
    await expect(again.connect()).rejects.toThrow("invalid username or password");
    const renewed = kafka({ mechanism: "scram-sha-256", username: "alice", password: "alice-new-secret" }).admin();
    await renewed.connect();
    expect(await renewed.listTopics()).toContain("revocation");
    await Promise.all([renewed.disconnect(), alice.disconnect(), producer.disconnect()]);
  });
});

describe("password guessing", () => {
  it("takes longer with every wrong password from one address, each answer closing its connection, and still lets the right password in", async () => {
    const attempts = 8;
    const started = Date.now();
    for (let i = 0; i < attempts; i++) {
      const admin = kafka({ mechanism: "scram-sha-256", username: "alice", password: `guess-${i}` }).admin();
      await expect(admin.connect()).rejects.toThrow("invalid username or password");
    }
    const elapsed = Date.now() - started;
    // 100 + 200 + 400 + 800 + 1600 + 2000 + 2000 + 2000 ms of delays; unthrottled, 8 SCRAM logins take well under a second.
    expect(elapsed).toBeGreaterThanOrEqual(6_000);
    const rightful = kafka({ mechanism: "scram-sha-256", username: "alice", password: "alice-new-secret" }).admin();
    await rightful.connect();
    await rightful.disconnect();
  }, 60_000);
});

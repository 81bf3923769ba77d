/*
 * SASL on the real broker process: kafkajs and kcat (librdkafka) log in with PLAIN
 * and SCRAM-SHA-256 and then produce, consume and read metadata; wrong passwords,
 * no login at all and another cluster's users are refused.
 */
import { createClient } from "@freshet/client/client";
import { Kafka, logLevel, type SASLOptions } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kcat } from "./support/kcat.js";
import { writeCredentials } from "./support/sasl-credentials.js";
import { eventually, makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

let tenantA: SpuProcess;
let tenantB: SpuProcess;
const dirs: string[] = [];

beforeAll(async () => {
  const [credA, credB] = [await makeDataDir(), await makeDataDir()];
  dirs.push(credA, credB);
  const fileA = await writeCredentials(credA, { alice: "alice-secret", "carol=,x": "carol-secret" });
  const fileB = await writeCredentials(credB, { bob: "bob-secret" });
  [tenantA, tenantB] = await Promise.all([
    startSpu({ args: ["--sasl-credentials", fileA] }),
    startSpu({ args: ["--sasl-credentials", fileB] }),
  ]);
});

afterAll(async () => {
  expect(await tenantA.stop()).toBe(0);
  expect(await tenantB.stop()).toBe(0);
  for (const dir of [tenantA.dataDir, tenantB.dataDir, ...dirs]) await removeDataDir(dir);
});

function kafkajs(spu: SpuProcess, sasl?: SASLOptions): Kafka {
  return new Kafka({ clientId: "sasl-test", brokers: [spu.bootstrap], sasl, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
}

async function produceAndConsume(kafka: Kafka, topic: string): Promise<string[]> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: "k1", value: "one" }, { key: "k2", value: "two" }] });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `g-${topic}`, maxWaitTimeInMs: 200 });
  const seen: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(`${message.key?.toString()}=${message.value?.toString()}`) });
  await eventually(`2 messages on ${topic}`, () => (seen.length >= 2 ? true : undefined), 20_000);
  await consumer.disconnect();
  return seen;
}

function kcatSasl(spu: SpuProcess, mechanism: "PLAIN" | "SCRAM-SHA-256", username: string, password: string): string[] {
  return [
    "-b", spu.bootstrap,
    "-X", "security.protocol=SASL_PLAINTEXT",
    "-X", `sasl.mechanisms=${mechanism}`,
    "-X", `sasl.username=${username}`,
    "-X", `sasl.password=${password}`,
  ];
}

describe("kafkajs 2.2.4 with SASL", () => {
  it("produces and consumes after a PLAIN login", async () => {
    expect(await produceAndConsume(kafkajs(tenantA, { mechanism: "plain", username: "alice", password: "alice-secret" }), "kjs-plain")).toEqual(["k1=one", "k2=two"]);
  });

  it("produces and consumes after a SCRAM-SHA-256 login, with a user name that needs escaping", async () => {
    const kafka = kafkajs(tenantA, { mechanism: "scram-sha-256", username: "carol=,x", password: "carol-secret" });
    expect(await produceAndConsume(kafka, "kjs-scram")).toEqual(["k1=one", "k2=two"]);
  });

  it("is refused with the broker's message for a wrong password, with either mechanism", async () => {
    const plain = kafkajs(tenantA, { mechanism: "plain", username: "alice", password: "wrong" }).admin();
    await expect(plain.connect()).rejects.toThrow(
      "SASL PLAIN authentication failed: Authentication failed during PLAIN authentication: invalid username or password",
    );
    const scram = kafkajs(tenantA, { mechanism: "scram-sha-256", username: "alice", password: "wrong" }).admin();
    await expect(scram.connect()).rejects.toThrow(
      "SASL SCRAM SHA256 authentication failed: Authentication failed during SCRAM-SHA-256 authentication: invalid username or password",
    );
  });

  it("cannot use another cluster's credentials", async () => {
    const admin = kafkajs(tenantB, { mechanism: "scram-sha-256", username: "alice", password: "alice-secret" }).admin();
    await expect(admin.connect()).rejects.toThrow("invalid username or password");
    const own = kafkajs(tenantB, { mechanism: "scram-sha-256", username: "bob", password: "bob-secret" }).admin();
    await own.connect();
    expect(await own.listTopics()).toEqual([]);
    await own.disconnect();
  });

  it("is disconnected when it sends requests without logging in", async () => {
    const admin = kafkajs(tenantA).admin();
    await admin.connect();
    await expect(admin.listTopics()).rejects.toThrow("Closed connection");
    await admin.disconnect();
    // The log line reaches us through a pipe, possibly after the client saw the connection close.
    await eventually("the refusal in the broker log", () => (tenantA.output().includes('"reason":"Metadata request before SASL authentication"') ? true : undefined));
  });
});

describe("kcat 1.7.1 (librdkafka 2.0.2) with SASL", () => {
  for (const mechanism of ["PLAIN", "SCRAM-SHA-256"] as const) {
    it(`produces, consumes and lists metadata after a ${mechanism} login`, async () => {
      const auth = kcatSasl(tenantA, mechanism, "alice", "alice-secret");
      const topic = `kcat-${mechanism.toLowerCase()}`;
      const produced = await kcat([...auth, "-P", "-t", topic, "-K", ":"], "a:1\nb:2\n");
      expect(produced.code, produced.stderr).toBe(0);
      const consumed = await kcat([...auth, "-C", "-t", topic, "-o", "beginning", "-e", "-f", "%k=%s\n"]);
      expect(consumed.stdout).toBe("a=1\nb=2\n");
      const listed = await kcat([...auth, "-L", "-t", topic]);
      expect(listed.stdout).toContain(`topic "${topic}" with 1 partitions:`);
      expect(listed.stdout).toContain(`broker 0 at 127.0.0.1:${tenantA.port} (controller)`);
    });
  }

  it("fails with a wrong password, without a login and with another cluster's user", async () => {
    const wrong = await kcat([...kcatSasl(tenantA, "SCRAM-SHA-256", "alice", "nope"), "-L"], undefined, 30_000);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain("Authentication failed during SCRAM-SHA-256 authentication: invalid username or password");
    const plain = await kcat([...kcatSasl(tenantB, "PLAIN", "alice", "alice-secret"), "-L"], undefined, 30_000);
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toContain("Authentication failed during PLAIN authentication: invalid username or password");
    const anonymous = await kcat(["-b", tenantA.bootstrap, "-L", "-m", "3"], undefined, 30_000);
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.stdout).not.toContain("topic ");
  });
});

describe("@freshet/client with SASL", () => {
  it("produces and reads back with SCRAM-SHA-256 and PLAIN, and reports a refused login", async () => {
    for (const mechanism of ["scram-sha-256", "plain"] as const) {
      const client = createClient({ bootstrap: tenantA.bootstrap, sasl: { mechanism, username: "alice", password: "alice-secret" } });
      try {
        await client.admin.createTopics([{ name: `own-${mechanism}`, partitions: 1 }]);
        await client.producer().send(`own-${mechanism}`, [{ key: "k", value: "v" }]);
        const seen: string[] = [];
        for await (const r of client.consume({ topic: `own-${mechanism}`, start: { kind: "beginning" }, exitAtEnd: true })) {
          seen.push(`${new TextDecoder().decode(r.key!)}=${new TextDecoder().decode(r.value!)}`);
        }
        expect(seen).toEqual(["k=v"]);
      } finally {
        await client.close();
      }
    }
    const refused = createClient({ bootstrap: tenantB.bootstrap, sasl: { mechanism: "scram-sha-256", username: "alice", password: "alice-secret" } });
    await expect(refused.admin.listTopics()).rejects.toThrow(
      `SASL SCRAM-SHA-256 login as "alice" to ${tenantB.bootstrap} failed: Authentication failed during SCRAM-SHA-256 authentication: invalid username or password`,
    );
    await refused.close();
  });
});

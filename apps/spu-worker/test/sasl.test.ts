/*
 * SASL on the real broker process: kafkajs and kcat (librdkafka) log in with
 * SCRAM-SHA-256 (plaintext or TLS) and PLAIN (TLS only) and then produce, consume
 * and read metadata; PLAIN without TLS, wrong passwords, no login at all and
 * another cluster's users are refused.
 */
import { createClient } from "@freshet/client/client";
import { Kafka, logLevel, type SASLOptions } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kcat } from "./support/kcat.js";
import { writeCredentials } from "./support/sasl-credentials.js";
import { writeTlsFiles, type TlsFiles } from "./support/tls-files.js";
import { eventually, makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

let tenantA: SpuProcess;
let tenantB: SpuProcess;
let tls: TlsFiles;
const dirs: string[] = [];

beforeAll(async () => {
  const [credA, credB] = [await makeDataDir(), await makeDataDir()];
  dirs.push(credA, credB);
  const fileA = await writeCredentials(credA, { alice: "alice-secret", "carol=,x": "carol-secret" });
  const fileB = await writeCredentials(credB, { bob: "bob-secret" });
  tls = await writeTlsFiles(credA);
  [tenantA, tenantB] = await Promise.all([startSpu({ args: ["--sasl-credentials", fileA, ...tls.brokerArgs] }), startSpu({ args: ["--sasl-credentials", fileB] })]);
});

afterAll(async () => {
  expect(await tenantA.stop()).toBe(0);
  expect(await tenantB.stop()).toBe(0);
  for (const dir of [tenantA.dataDir, tenantB.dataDir, ...dirs]) await removeDataDir(dir);
});

function kafkajs(spu: SpuProcess, sasl?: SASLOptions, options: { tls?: boolean } = {}): Kafka {
  const ssl = options.tls === true ? { ca: [tls.caPem] } : undefined;
  return new Kafka({ clientId: "sasl-test", brokers: [spu.bootstrap], sasl, ssl, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
}

const PLAIN_NEEDS_TLS = "PLAIN is accepted only over TLS (security.protocol=SASL_SSL); use SCRAM-SHA-256 or connect with TLS";

async function produceAndConsume(kafka: Kafka, topic: string): Promise<string[]> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: [
      { key: "k1", value: "one" },
      { key: "k2", value: "two" },
    ],
  });
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

function kcatSasl(spu: SpuProcess, mechanism: "PLAIN" | "SCRAM-SHA-256", username: string, password: string, options: { tls?: boolean } = {}): string[] {
  const transport = options.tls === true ? ["-X", "security.protocol=SASL_SSL", "-X", `ssl.ca.location=${tls.caPath}`] : ["-X", "security.protocol=SASL_PLAINTEXT"];
  return ["-b", spu.bootstrap, ...transport, "-X", `sasl.mechanisms=${mechanism}`, "-X", `sasl.username=${username}`, "-X", `sasl.password=${password}`];
}

describe("kafkajs 2.2.4 with SASL", () => {
  it("produces and consumes after a PLAIN login over TLS, trusting the cluster's CA", async () => {
    const kafka = kafkajs(tenantA, { mechanism: "plain", username: "alice", password: "alice-secret" }, { tls: true });
    expect(await produceAndConsume(kafka, "kjs-plain")).toEqual(["k1=one", "k2=two"]);
  });

  it("produces and consumes after a SCRAM-SHA-256 login over TLS", async () => {
    const kafka = kafkajs(tenantA, { mechanism: "scram-sha-256", username: "alice", password: "alice-secret" }, { tls: true });
    expect(await produceAndConsume(kafka, "kjs-scram-tls")).toEqual(["k1=one", "k2=two"]);
  });

  it("is refused a PLAIN login without TLS, with a SASL error saying why", async () => {
    const admin = kafkajs(tenantA, { mechanism: "plain", username: "alice", password: "alice-secret" }).admin();
    await expect(admin.connect()).rejects.toThrow(`SASL PLAIN authentication failed: Authentication failed during PLAIN authentication: ${PLAIN_NEEDS_TLS}`);
  });

  it("produces and consumes after a SCRAM-SHA-256 login, with a user name that needs escaping", async () => {
    const kafka = kafkajs(tenantA, { mechanism: "scram-sha-256", username: "carol=,x", password: "carol-secret" });
    expect(await produceAndConsume(kafka, "kjs-scram")).toEqual(["k1=one", "k2=two"]);
  });

  it("is refused with the broker's message for a wrong password, with either mechanism", async () => {
    const plain = kafkajs(tenantA, { mechanism: "plain", username: "alice", password: "wrong" }, { tls: true }).admin();
    await expect(plain.connect()).rejects.toThrow("SASL PLAIN authentication failed: Authentication failed during PLAIN authentication: invalid username or password");
    const scram = kafkajs(tenantA, { mechanism: "scram-sha-256", username: "alice", password: "wrong" }).admin();
    await expect(scram.connect()).rejects.toThrow("SASL SCRAM SHA256 authentication failed: Authentication failed during SCRAM-SHA-256 authentication: invalid username or password");
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
  for (const [mechanism, transport] of [
    ["PLAIN", "TLS"],
    ["SCRAM-SHA-256", "plaintext"],
    ["SCRAM-SHA-256", "TLS"],
  ] as const) {
    it(`produces, consumes and lists metadata after a ${mechanism} login over ${transport}`, async () => {
      const auth = kcatSasl(tenantA, mechanism, "alice", "alice-secret", { tls: transport === "TLS" });
      const topic = `kcat-${mechanism.toLowerCase()}-${transport.toLowerCase()}`;
      const produced = await kcat([...auth, "-P", "-t", topic, "-K", ":"], "a:1\nb:2\n");
      expect(produced.code, produced.stderr).toBe(0);
      const consumed = await kcat([...auth, "-C", "-t", topic, "-o", "beginning", "-e", "-f", "%k=%s\n"]);
      expect(consumed.stdout).toBe("a=1\nb=2\n");
      const listed = await kcat([...auth, "-L", "-t", topic]);
      expect(listed.stdout).toContain(`topic "${topic}" with 1 partitions:`);
      expect(listed.stdout).toContain(`broker 0 at 127.0.0.1:${tenantA.port} (controller)`);
    });
  }

  it("fails with a wrong password, with PLAIN without TLS, without a login and with another cluster's user", async () => {
    const wrong = await kcat([...kcatSasl(tenantA, "SCRAM-SHA-256", "alice", "nope"), "-L"], undefined, 30_000);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain("Authentication failed during SCRAM-SHA-256 authentication: invalid username or password");
    const cleartext = await kcat([...kcatSasl(tenantA, "PLAIN", "alice", "alice-secret"), "-L"], undefined, 30_000);
    expect(cleartext.code).not.toBe(0);
    expect(cleartext.stderr).toContain(PLAIN_NEEDS_TLS);
    const other = await kcat([...kcatSasl(tenantB, "SCRAM-SHA-256", "alice", "alice-secret"), "-L"], undefined, 30_000);
    expect(other.code).not.toBe(0);
    expect(other.stderr).toContain("Authentication failed during SCRAM-SHA-256 authentication: invalid username or password");
    const anonymous = await kcat(["-b", tenantA.bootstrap, "-L", "-m", "3"], undefined, 30_000);
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.stdout).not.toContain("topic ");
  });
});

describe("@freshet/client with SASL", () => {
  it("produces and reads back with SCRAM-SHA-256, and reports refused logins (PLAIN without TLS, another cluster)", async () => {
    for (const mechanism of ["scram-sha-256"] as const) {
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
    const cleartext = createClient({ bootstrap: tenantA.bootstrap, sasl: { mechanism: "plain", username: "alice", password: "alice-secret" } });
    await expect(cleartext.admin.listTopics()).rejects.toThrow(PLAIN_NEEDS_TLS);
    await cleartext.close();
    const refused = createClient({ bootstrap: tenantB.bootstrap, sasl: { mechanism: "scram-sha-256", username: "alice", password: "alice-secret" } });
    await expect(refused.admin.listTopics()).rejects.toThrow(
      `SASL SCRAM-SHA-256 login as "alice" to ${tenantB.bootstrap} failed: Authentication failed during SCRAM-SHA-256 authentication: invalid username or password`,
    );
    await refused.close();
  });
});

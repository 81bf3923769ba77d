/*
 * Captures the request frames real clients send, as golden bytes for the codec tests.
 *
 *   cd /work/main && npx tsx packages/protocol/scripts/capture-client-frames.ts
 *
 * Starts a capture broker on a free loopback port (answers built with our codec),
 * runs kcat and kafkajs against it through metadata, produce, consume, group,
 * admin and SASL PLAIN scenarios, and writes every request frame it received to
 * test-fixtures/{kcat,kafkajs}-requests.json. Fails if a client command fails or
 * the broker met a request it could not answer.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { CompressionTypes, Kafka, logLevel, type KafkaConfig } from "kafkajs";
import { startCaptureBroker, type CaptureBroker, type CapturedFrame } from "./capture/capture-broker.js";

const KCAT_TIMEOUT_MS = 20_000;
const WAIT_DEADLINE_MS = 20_000;
const fixtureDir = new URL("../test-fixtures/", import.meta.url);
/** librdkafka sends a batch uncompressed when compression would not shrink it, so give it something to squeeze. */
const COMPRESSIBLE_LINE = `${"freshet ".repeat(32)}\n`;

function runKcat(args: string[], input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("kcat", args, { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    const timer = setTimeout(() => child.kill("SIGKILL"), KCAT_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`kcat ${args.join(" ")} exited ${code ?? signal}: ${stderr}`));
    });
    child.stdin.end(input ?? "");
  });
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_DEADLINE_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function captured(broker: CaptureBroker, apiKey: number): boolean {
  return broker.frames.some((f) => f.scenario === broker.scenario && f.apiKey === apiKey);
}

const SASL_KCAT = ["-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=PLAIN", "-X", "sasl.username=alice", "-X", "sasl.password=alice-secret"];

async function kcatScenarios(broker: CaptureBroker): Promise<void> {
  const bootstrap = ["-b", `127.0.0.1:${broker.port}`];
  const scenarios: [name: string, args: string[], input?: string][] = [
    ["kcat -L", [...bootstrap, "-L"]],
    ["kcat -P -z gzip", [...bootstrap, "-P", "-t", "t", "-z", "gzip"], COMPRESSIBLE_LINE],
    ["kcat -P acks=0", [...bootstrap, "-P", "-t", "t", "-X", "acks=0"], "hi\n"],
    ["kcat -P idempotent", [...bootstrap, "-P", "-t", "t", "-X", "enable.idempotence=true"], "hi\n"],
    ["kcat -C -o beginning -e", [...bootstrap, "-C", "-t", "t", "-o", "beginning", "-e"]],
    ["kcat -Q", [...bootstrap, "-Q", "-t", "t:0:1700000000000"]],
    ["kcat -G", [...bootstrap, "-G", "kcat-group", "t", "-e", "-X", "auto.offset.reset=earliest"]],
    ["kcat -L SASL PLAIN", [...bootstrap, "-L", ...SASL_KCAT]],
  ];
  for (const [name, args, input] of scenarios) {
    broker.scenario = name;
    await runKcat(args, input);
  }
}

async function kafkajsScenarios(broker: CaptureBroker): Promise<void> {
  const config: KafkaConfig = { clientId: "kafkajs", brokers: [`127.0.0.1:${broker.port}`], logLevel: logLevel.NOTHING };
  const kafka = new Kafka(config);

  broker.scenario = "kafkajs admin";
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: "kjs", numPartitions: 2 }] });
  await admin.fetchTopicMetadata({ topics: ["t"] });
  await admin.fetchTopicOffsets("t");
  await admin.fetchOffsets({ groupId: "kjs-group", topics: ["t"] });
  await admin.resetOffsets({ groupId: "kjs-group", topic: "t", earliest: true });
  await admin.describeGroups(["kjs-group"]);
  await admin.listGroups();
  await admin.describeConfigs({ resources: [{ type: 2, name: "t" }], includeSynonyms: false });
  await admin.createPartitions({ topicPartitions: [{ topic: "kjs", count: 3 }] });
  await admin.deleteTopics({ topics: ["kjs"] });
  await admin.deleteGroups(["kjs-group"]);
  await admin.disconnect();

  broker.scenario = "kafkajs producer";
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  await producer.send({ topic: "t", compression: CompressionTypes.GZIP, messages: [{ key: "k", value: COMPRESSIBLE_LINE }] });
  await producer.disconnect();

  broker.scenario = "kafkajs idempotent producer";
  const idempotent = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await idempotent.connect();
  await idempotent.send({ topic: "t", messages: [{ value: "hi" }] });
  await idempotent.disconnect();

  broker.scenario = "kafkajs consumer";
  const consumer = kafka.consumer({ groupId: "kjs-group", heartbeatInterval: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: ["t"], fromBeginning: true });
  await consumer.run({ eachMessage: async () => {} });
  await waitFor(() => captured(broker, 1) && captured(broker, 12), "a Fetch and a Heartbeat from the kafkajs consumer");
  await consumer.commitOffsets([{ topic: "t", partition: 0, offset: "1" }]);
  await waitFor(() => captured(broker, 8), "an OffsetCommit from the kafkajs consumer");
  await consumer.disconnect();

  broker.scenario = "kafkajs SASL PLAIN";
  const sasl = new Kafka({ ...config, sasl: { mechanism: "plain", username: "alice", password: "alice-secret" } }).admin();
  await sasl.connect();
  await sasl.listTopics();
  await sasl.disconnect();
}

function writeFixture(file: string, client: string, frames: CapturedFrame[]): void {
  const fixture = { client, capturedWith: "packages/protocol/scripts/capture-client-frames.ts", frames };
  writeFileSync(new URL(file, fixtureDir), `${JSON.stringify(fixture, null, 2)}\n`);
  const kinds = [...new Set(frames.map((f) => `${f.apiKey}v${f.apiVersion}`))];
  console.log(`${file}: ${frames.length} frames (${kinds.join(" ")})`);
}

async function capture(file: string, client: string, scenarios: (broker: CaptureBroker) => Promise<void>): Promise<void> {
  const broker = await startCaptureBroker();
  try {
    await scenarios(broker);
  } finally {
    await broker.close();
  }
  if (broker.errors.length > 0) throw new Error(`capture broker errors:\n${broker.errors.join("\n")}`);
  writeFixture(file, client, broker.frames);
}

await capture("kcat-requests.json", "kcat 1.7.1 (librdkafka 2.0.2)", kcatScenarios);
await capture("kafkajs-requests.json", "kafkajs 2.2.4", kafkajsScenarios);

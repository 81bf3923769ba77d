import type { FreshetClient } from "@freshet/client/client";
import type { EdgeChain } from "@freshet/client/smartmodules/edge";
import type { ProducerRecord } from "@freshet/client/producer/producer-record";
import type { RecordHeader } from "@freshet/protocol/records/record";
import { deadLetterTopicOf } from "../config/connector-config.js";
import type { SourceBatch, SourceConnector, SourceTask } from "../kit/connector.js";
import type { SourceRecord } from "../kit/record.js";
import { ensureTopics } from "./cluster-topics.js";
import { deadLetterRecord, sendDeadLetters } from "./dead-letters.js";
import { ConnectorFailure } from "./retry.js";
import { attemptWith, type RunnerDeps } from "./runner-deps.js";
import { ensurePositionsTopic, readSourcePosition, writeSourcePosition } from "./source-positions.js";

const encoder = new TextEncoder();

function bytes(value: Uint8Array | string): Uint8Array;
function bytes(value: Uint8Array | string | null | undefined): Uint8Array | null;
function bytes(value: Uint8Array | string | null | undefined): Uint8Array | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? encoder.encode(value) : value;
}

function headersOf(record: SourceRecord): RecordHeader[] {
  return Object.entries(record.headers ?? {}).map(([key, value]) => ({ key, value: bytes(value) }));
}

function toProducerRecord(record: SourceRecord, now: number): ProducerRecord {
  return { key: bytes(record.key), value: bytes(record.value), headers: headersOf(record), timestamp: record.timestamp ?? now };
}

/**
 * Runs a source until `deps.signal` aborts: poll → transforms → produce (acks from every in-sync
 * replica) → store the batch's position → commit it to the source system. A record is acknowledged
 * to its source only after it is in the cluster, so a crash anywhere re-reads, never loses
 * (at-least-once). Throws ConnectorFailure when it cannot go on.
 */
export async function runSource(connector: SourceConnector, client: FreshetClient, deps: RunnerDeps): Promise<void> {
  const { config, signal, clock, logger } = deps;
  const topic = config.topic!;
  const deadLetterTopic = deadLetterTopicOf(config);
  const attempt = attemptWith(deps);

  await attempt("reaching the cluster", async () => {
    await ensureTopics(client, [{ name: topic }, ...(config.errors.tolerance === "all" ? [{ name: deadLetterTopic }] : [])]);
    await ensurePositionsTopic(client);
  });
  const position = await attempt("reading the stored source position", () => readSourcePosition(client, config.name));
  const context = { config: deps.settings, name: config.name, logger, clock, position, maxBatch: Math.min(config.delivery.batchSize, config.delivery.maxInFlight) };
  const task: SourceTask = await attempt(`opening ${connector.type}`, () => connector.open(context));
  deps.running();
  const producer = client.producer({ idempotent: true });
  try {
    while (!signal.aborted) {
      const batch = await attempt(`reading from ${connector.type}`, () => task.poll(signal));
      await deliver(batch, { producer, topic, deadLetterTopic, transforms: deps.transforms, connector, client, deps, attempt });
    }
  } finally {
    await task.close().catch((error: unknown) => logger.warn({ err: error }, "closing the source failed"));
  }
}

interface DeliverContext {
  readonly producer: ReturnType<FreshetClient["producer"]>;
  readonly topic: string;
  readonly deadLetterTopic: string;
  readonly transforms: EdgeChain | undefined;
  readonly connector: SourceConnector;
  readonly client: FreshetClient;
  readonly deps: RunnerDeps;
  readonly attempt: <T>(what: string, run: () => Promise<T>) => Promise<T>;
}

async function deliver(batch: SourceBatch, context: DeliverContext): Promise<void> {
  const { deps, attempt } = context;
  const { config, metrics } = deps;
  const rejected = batch.rejected ?? [];
  if (batch.records.length === 0 && rejected.length === 0 && batch.position === undefined && batch.commit === undefined) return;
  metrics.recordsIn(batch.records.length + rejected.length);
  const now = deps.clock.now();
  let records = batch.records.map((r) => toProducerRecord(r, now));
  const refusals: string[] = rejected.map((r) => r.error);
  const deadLetters = rejected.map((r) => deadLetterRecord(toDeadLetterInput(r.record, now), { connector: config.name, error: r.error, stage: `source ${context.connector.type}` }));
  if (context.transforms !== undefined && records.length > 0) {
    const transformed = await context.transforms.beforeProduce(records, now);
    for (const error of transformed.errors) {
      refusals.push(`${error.module}: ${error.message}`);
      deadLetters.push(deadLetterRecord(toDeadLetterInput(batch.records[error.index]!, now), { connector: config.name, error: error.message, stage: `transform ${error.module}` }));
    }
    records = transformed.records;
  }
  if (refusals.length > 0 && config.errors.tolerance === "none") {
    throw new ConnectorFailure(`a record was refused (${refusals[0]!}) and errors.tolerance is none`);
  }
  if (records.length > 0) await attempt(`writing to topic ${context.topic}`, () => context.producer.send(context.topic, records, { acks: -1 }));
  if (deadLetters.length > 0) {
    await attempt(`writing to dead-letter topic ${context.deadLetterTopic}`, () => sendDeadLetters(context.producer, context.deadLetterTopic, deadLetters));
    metrics.deadLettered(deadLetters.length);
  }
  metrics.recordsOut(records.length);
  if (batch.position !== undefined) await attempt("storing the source position", () => writeSourcePosition(context.client, config.name, batch.position));
  if (batch.commit !== undefined) {
    // A failed acknowledgement only means the source sends these records again (at-least-once).
    await batch.commit().catch((error: unknown) => deps.logger.warn({ err: error }, "acknowledging records to the source failed; they may be delivered again"));
  }
}

function toDeadLetterInput(record: SourceRecord, now: number): { key: Uint8Array | null; value: Uint8Array | null; headers: RecordHeader[]; timestamp: number } {
  return { key: bytes(record.key), value: bytes(record.value), headers: headersOf(record), timestamp: record.timestamp ?? now };
}

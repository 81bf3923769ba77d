import type { FreshetClient } from "@freshet/client/client";
import { listPartitionOffsets } from "@freshet/client/cluster/list-offsets";
import type { ConsumedRecord } from "@freshet/client/consumer/consumed-record";
import { GroupMembership } from "@freshet/client/consumer/group/group-membership";
import { commitOffsets, fetchCommittedOffsets } from "@freshet/client/consumer/group/group-offsets";
import { planPartitions } from "@freshet/client/consumer/consume";
import { PartitionFetcher } from "@freshet/client/consumer/partition-fetcher";
import { deadLetterTopicOf } from "../config/connector-config.js";
import type { SinkConnector, SinkTask } from "../kit/connector.js";
import { isRecordError } from "../kit/errors.js";
import type { SinkRecord } from "../kit/record.js";
import { ensureTopics } from "./cluster-topics.js";
import { deadLetterRecord, sendDeadLetters } from "./dead-letters.js";
import { ConnectorFailure } from "./retry.js";
import { attemptWith, type RunnerDeps } from "./runner-deps.js";
import { sinkGroupId } from "./sink-group.js";

/** How often positions are committed, buffering sinks flushed and the lag measured. */
const HOUSEKEEPING_MS = 1_000;
/** A fetch waits at most this long for records, so each topic's fetcher gets its turn. */
const FETCH_WAIT_MS = 250;
/** What one fetch answer may hold: the most a sink has read but not written, per topic. */
const FETCH_MAX_BYTES = 4 * 2 ** 20;
const FETCH_PARTITION_MAX_BYTES = 2 ** 20;

type Positions = Map<string, Map<number, number>>;

function toSinkRecord(record: ConsumedRecord): SinkRecord {
  const headers: Record<string, Uint8Array> = {};
  for (const header of record.headers) headers[header.key] = header.value ?? new Uint8Array();
  return { topic: record.topic, partition: record.partition, offset: record.offset, timestamp: record.timestamp, key: record.key, value: record.value, headers };
}

/**
 * Runs a sink until `deps.signal` aborts: read the topics as the member of the connector's
 * consumer group → transforms → write to the target → commit offsets. An offset is committed
 * only once the target holds the records before it (and, for buffering sinks, says they are
 * durable), so a crash re-delivers, never loses. In memory at once: one fetch answer per topic,
 * written in slices of at most delivery.batchSize records.
 */
export async function runSink(connector: SinkConnector, client: FreshetClient, deps: RunnerDeps): Promise<void> {
  const { config, signal, clock, logger, metrics } = deps;
  const topics = config.topics!;
  const attempt = attemptWith(deps);
  const deadLetterTopic = deadLetterTopicOf(config);
  await attempt("reaching the cluster", () => ensureTopics(client, [...topics.map((name) => ({ name })), ...(config.errors.tolerance === "all" ? [{ name: deadLetterTopic }] : [])]));
  const task: SinkTask = await attempt(`opening ${connector.type}`, () => connector.open({ config: deps.settings, name: config.name, logger, clock }));
  deps.running();
  const producer = client.producer({ idempotent: true });
  // A static member: a connector restarted after a crash takes its old place at once instead of
  // waiting out the dead member's session.
  const membership = new GroupMembership(client.cluster, { groupId: sinkGroupId(config.name), topics, groupInstanceId: sinkGroupId(config.name) });
  const processed: Positions = new Map();
  const slice = Math.min(config.delivery.batchSize, config.delivery.maxInFlight);

  async function refuse(record: SinkRecord, stage: string, message: string): Promise<void> {
    metrics.error();
    if (config.errors.tolerance === "none") {
      throw new ConnectorFailure(`record ${record.topic}/${record.partition.toString()} at offset ${record.offset.toString()} was refused by ${stage} (${message}) and errors.tolerance is none`);
    }
    const letter = deadLetterRecord(
      { key: record.key, value: record.value, headers: Object.entries(record.headers).map(([key, value]) => ({ key, value })), timestamp: record.timestamp },
      { connector: config.name, error: message, stage, source: record },
    );
    await attempt(`writing to dead-letter topic ${deadLetterTopic}`, () => sendDeadLetters(producer, deadLetterTopic, [letter]));
    metrics.deadLettered(1);
  }

  async function write(records: SinkRecord[]): Promise<void> {
    let remaining = records;
    while (remaining.length > 0) {
      try {
        await attempt(`writing to ${connector.type}`, () => task.write(remaining, signal));
        metrics.recordsOut(remaining.length);
        return;
      } catch (error) {
        if (!isRecordError(error)) throw error;
        const refused = remaining[error.index];
        if (refused === undefined) throw new ConnectorFailure(`${connector.type} refused record ${error.index.toString()} of a batch of ${remaining.length.toString()}: ${error.message}`);
        metrics.recordsOut(error.index);
        await refuse(refused, `sink ${connector.type}`, error.message);
        remaining = remaining.slice(error.index + 1);
      }
    }
  }

  async function handle(records: readonly ConsumedRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += slice) {
      const chunk = records.slice(start, start + slice);
      metrics.recordsIn(chunk.length);
      let outputs = chunk;
      if (deps.transforms !== undefined) {
        const transformed = await deps.transforms.afterConsume(chunk);
        for (const error of transformed.errors) await refuse(toSinkRecord(chunk[error.index]!), `transform ${error.module}`, error.message);
        outputs = transformed.records;
      }
      await write(outputs.map(toSinkRecord));
      for (const record of chunk) {
        const partitions = processed.get(record.topic) ?? new Map<number, number>();
        processed.set(record.topic, partitions.set(record.partition, Math.max(partitions.get(record.partition) ?? 0, record.offset + 1)));
      }
    }
  }

  /** Commits what is written and durable; a buffering sink's durable() caps each partition. */
  async function commit(): Promise<void> {
    const durable = task.durable?.();
    for (const [topic, partitions] of processed) {
      const positions = new Map<number, number>();
      for (const [partition, offset] of partitions) {
        if (durable === undefined) positions.set(partition, offset);
        else {
          const kept = durable.find((d) => d.topic === topic && d.partition === partition);
          if (kept !== undefined) positions.set(partition, Math.min(offset, kept.offset));
        }
      }
      await commitOffsets(membership, topic, positions);
    }
  }

  async function measureLag(): Promise<void> {
    let lag = 0;
    for (const [topic, partitions] of processed) {
      const ends = await listPartitionOffsets(client.cluster, topic, [...partitions.keys()], "latest");
      for (const [partition, offset] of partitions) lag += Math.max(0, (ends.get(partition) ?? offset) - offset);
    }
    metrics.lag(lag);
  }

  async function housekeeping(): Promise<void> {
    await attempt(`flushing ${connector.type}`, () => task.flush?.(signal) ?? Promise.resolve());
    await attempt("committing offsets", commit);
    await measureLag().catch((error: unknown) => logger.debug({ err: error }, "measuring lag failed"));
  }

  try {
    while (!signal.aborted) {
      const generation = await attempt("joining the consumer group", () => membership.join());
      processed.clear();
      const fetchers: PartitionFetcher[] = [];
      for (const assigned of generation.assignment) {
        if (assigned.partitions.length === 0) continue;
        const plan = await attempt(`finding where to read ${assigned.topic}`, async () => {
          const [committed, planned] = await Promise.all([
            fetchCommittedOffsets(membership, assigned.topic, assigned.partitions),
            planPartitions(client.cluster, assigned.topic, assigned.partitions, { kind: config.delivery.start }),
          ]);
          for (const [partition, offset] of committed) planned.positions.set(partition, offset);
          return planned.positions;
        });
        processed.set(assigned.topic, new Map(plan));
        fetchers.push(
          new PartitionFetcher(client.cluster, assigned.topic, plan, {
            maxWaitMs: FETCH_WAIT_MS,
            maxBytes: FETCH_MAX_BYTES,
            partitionMaxBytes: FETCH_PARTITION_MAX_BYTES,
            onOutOfRange: "earliest",
            signal,
          }),
        );
      }
      let lastHousekeeping = clock.now();
      try {
        while (!signal.aborted && !membership.rebalanceNeeded) {
          if (fetchers.length === 0) await clock.sleep(FETCH_WAIT_MS, signal).catch(() => undefined);
          for (const fetcher of fetchers) {
            const records = await fetcher.next().catch((error: unknown) => {
              if (signal.aborted) return [];
              throw error;
            });
            if (records !== null && records.length > 0) await handle(records);
          }
          if (clock.now() - lastHousekeeping >= HOUSEKEEPING_MS) {
            await housekeeping();
            lastHousekeeping = clock.now();
          }
        }
      } finally {
        for (const fetcher of fetchers) fetcher.close();
      }
      if (!signal.aborted) await attempt("committing offsets", commit);
    }
  } finally {
    await finish(task, commit, membership, logger);
  }
}

/** On the way out, whatever the reason: flush and commit what the target holds, leave the group, close the target. */
async function finish(task: SinkTask, commit: () => Promise<void>, membership: GroupMembership, logger: RunnerDeps["logger"]): Promise<void> {
  const deadline = AbortSignal.timeout(10_000);
  await (task.flush?.(deadline) ?? Promise.resolve()).catch((error: unknown) => logger.warn({ err: error }, "flushing the sink on stop failed"));
  await commit().catch((error: unknown) => logger.warn({ err: error }, "committing offsets on stop failed; records since the last commit will be delivered again"));
  await membership.leave().catch(() => undefined);
  await task.close().catch((error: unknown) => logger.warn({ err: error }, "closing the sink failed"));
}

import { BrokerConnection } from "@freshet/client/connection/connection";
import { nodeTcpConnector } from "@freshet/client/transport/node-tcp";
import { errorCode, errorName } from "@freshet/protocol/errors/error-codes";
import { fetch } from "@freshet/protocol/messages/fetch";
import { offsetForLeaderEpoch } from "@freshet/protocol/messages/offset-for-leader-epoch";
import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import { splitBatches } from "@freshet/protocol/records/split-batches";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import type { InternalLogin } from "../auth/credential-store.js";
import { sleep } from "../system/clock.js";
import type { EngineResources } from "../system/resources.js";
import { followerTruncation } from "../log/leader-epoch/follower-truncation.js";
import type { Partition } from "../topics/partition.js";

export interface LeaderAddress {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

/** Short enough that a partition added to a busy fetcher starts within this long (its first acks=all waits on it). */
const FETCH_MAX_WAIT_MS = 100;
const PARTITION_MAX_BYTES = 1024 * 1024;
const RESPONSE_MAX_BYTES = 16 * 1024 * 1024;
const RETRY_BACKOFF_MS = 200;
/** How long a partition whose leader refuses its next batches as damaged waits before asking again. */
const DAMAGED_AT_LEADER_BACKOFF_MS = 5_000;
const CORRUPT_MESSAGE = errorCode("CORRUPT_MESSAGE");

function key(partition: Partition): string {
  return `${partition.topic}\0${partition.index}`;
}

function byTopic(partitions: readonly Partition[]): [string, Partition[]][] {
  const groups = new Map<string, Partition[]>();
  for (const p of partitions) {
    const list = groups.get(p.topic);
    if (list) list.push(p);
    else groups.set(p.topic, [p]);
  }
  return [...groups];
}

/**
 * Pulls the partitions this SPU follows from one leader, as a Kafka replica
 * fetcher: first truncates each partition to where its history diverges from the
 * leader's (OffsetForLeaderEpoch, KIP-101/279), then fetches with its own replica
 * id so the leader counts what it holds. A fetch offset is only sent after the
 * previous batches are durable, which is what lets the leader count them for acks=all.
 */
export class ReplicaFetcher {
  readonly #partitions = new Map<string, Partition>();
  /** Partitions that must (re)establish their divergence point before fetching. */
  readonly #needTruncation = new Set<string>();
  /** Partitions the leader cannot serve at our log end (its copy is damaged there): key → fetch offset and when to ask again. */
  readonly #damagedAtLeader = new Map<string, { offset: number; retryAt: number }>();
  #connection: BrokerConnection | null = null;
  #running = false;
  #stopped: Promise<void> = Promise.resolve();
  #wake: (() => void) | null = null;

  constructor(
    readonly leader: LeaderAddress,
    private readonly selfId: number,
    private readonly resources: EngineResources,
    private readonly login?: InternalLogin,
  ) {}

  get size(): number {
    return this.#partitions.size;
  }

  add(partition: Partition): void {
    this.#partitions.set(key(partition), partition);
    this.#needTruncation.add(key(partition));
    this.#wake?.();
    if (!this.#running) this.#start();
  }

  remove(partition: Partition): void {
    this.#partitions.delete(key(partition));
    this.#needTruncation.delete(key(partition));
    this.#damagedAtLeader.delete(key(partition));
  }

  #start(): void {
    this.#running = true;
    this.#stopped = this.#loop().catch((error: unknown) => {
      this.resources.logger.error({ err: error, leader: this.leader.nodeId }, "replica fetcher stopped");
    });
  }

  async #loop(): Promise<void> {
    while (this.#running) {
      if (this.#partitions.size === 0) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = null;
        continue;
      }
      try {
        const connection = await this.#connect();
        await this.#truncateDiverged(connection);
        await this.#fetchOnce(connection);
      } catch (error) {
        if (!this.#running) return;
        this.resources.logger.debug({ err: error, leader: this.leader.nodeId }, "replica fetch failed; retrying");
        this.#connection?.close();
        this.#connection = null;
        await sleep(this.resources.clock, RETRY_BACKOFF_MS);
      }
    }
  }

  async #connect(): Promise<BrokerConnection> {
    this.#connection ??= await BrokerConnection.open({
      address: { host: this.leader.host, port: this.leader.port },
      connector: nodeTcpConnector,
      clientId: `freshet-replica-${this.selfId}`,
      requestTimeoutMs: FETCH_MAX_WAIT_MS + 10_000,
      sasl: this.login && { mechanism: "scram-sha-256", username: this.login.username, keys: this.login },
    });
    return this.#connection;
  }

  /**
   * Asks the leader where our latest epoch ends in its log and cuts everything
   * after that point (KIP-279: min of the leader's end offset and our own end
   * offset for the epoch it answered with).
   */
  async #truncateDiverged(connection: BrokerConnection): Promise<void> {
    const pending = [...this.#needTruncation].map((k) => this.#partitions.get(k)).filter((p): p is Partition => p !== undefined);
    if (pending.length === 0) return;
    const response = await connection.request(offsetForLeaderEpoch, {
      replicaId: this.selfId,
      topics: byTopic(pending).map(([topic, partitions]) => ({
        topic,
        partitions: partitions.map((p) => ({ partition: p.index, currentLeaderEpoch: p.leaderEpoch, leaderEpoch: p.log.latestEpoch() })),
      })),
    });
    for (const topic of response.topics) {
      for (const answer of topic.partitions) {
        const partition = this.#partitions.get(`${topic.topic}\0${answer.partition}`);
        if (partition === undefined) continue;
        if (answer.errorCode !== 0) {
          this.resources.logger.debug({ topic: topic.topic, partition: answer.partition, error: errorName(answer.errorCode) }, "epoch lookup refused");
          continue;
        }
        // Without a leader answer for our epoch we fall back to what was known committed.
        const step = followerTruncation({ epoch: answer.leaderEpoch, endOffset: Number(answer.endOffset) }, partition.log, partition.highWatermark);
        if (step.offset < partition.log.logEndOffset) {
          this.resources.logger.warn(
            { topic: topic.topic, partition: answer.partition, from: partition.log.logEndOffset, to: step.offset },
            "truncating diverged replica tail to the leader's epoch boundary",
          );
          await partition.log.truncateTo(step.offset);
        }
        // A fast double fail-over can need several rounds (KIP-279): ask again with our new latest epoch.
        if (step.complete) this.#needTruncation.delete(key(partition));
      }
    }
  }

  async #fetchOnce(connection: BrokerConnection): Promise<void> {
    const now = this.resources.clock.now();
    const ready = [...this.#partitions.entries()].filter(([k]) => !this.#needTruncation.has(k) && (this.#damagedAtLeader.get(k)?.retryAt ?? 0) <= now).map(([, p]) => p);
    if (ready.length === 0) {
      await sleep(this.resources.clock, RETRY_BACKOFF_MS);
      return;
    }
    const response = await connection.request(fetch, {
      replicaId: this.selfId,
      maxWaitMs: FETCH_MAX_WAIT_MS,
      minBytes: 1,
      maxBytes: RESPONSE_MAX_BYTES,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: byTopic(ready).map(([topic, partitions]) => ({
        topic,
        topicId: ZERO_UUID,
        partitions: partitions.map((p) => ({
          partition: p.index,
          currentLeaderEpoch: p.leaderEpoch,
          fetchOffset: BigInt(p.log.logEndOffset),
          lastFetchedEpoch: -1,
          logStartOffset: -1n,
          partitionMaxBytes: PARTITION_MAX_BYTES,
        })),
      })),
      forgottenTopicsData: [],
      rackId: "",
    });
    for (const topic of response.responses) {
      for (const data of topic.partitions) {
        const partition = this.#partitions.get(`${topic.topic}\0${data.partitionIndex}`);
        if (partition === undefined) continue;
        if (data.errorCode === CORRUPT_MESSAGE) {
          this.#leaderDamaged(partition);
          continue;
        }
        if (data.errorCode !== 0) {
          // Out of range or a newer epoch: find the divergence point again. Leadership
          // errors resolve themselves when the controller's next state arrives.
          this.#needTruncation.add(key(partition));
          continue;
        }
        const { batches } = splitBatches(data.records ?? new Uint8Array(0));
        if (batches.length > 0) {
          const owned = batches.map((b) => Uint8Array.from(b));
          try {
            await partition.appendFromLeader(
              owned,
              owned.map((b) => readBatchHeader(b)),
            );
          } catch (error) {
            // Our log moved under us (truncation, a stale response): re-establish the divergence point.
            this.resources.logger.warn({ err: error, topic: topic.topic, partition: data.partitionIndex }, "replicated append refused");
            this.#needTruncation.add(key(partition));
            continue;
          }
        }
        partition.followerHighWatermark(Number(data.highWatermark));
        await partition.followLeaderLogStart(Number(data.logStartOffset)).catch((error: unknown) => {
          this.resources.logger.warn({ err: error, topic: topic.topic, partition: data.partitionIndex }, "could not follow the leader's log start");
        });
      }
    }
  }

  /**
   * The leader's log is damaged where ours ends: copying past it would replicate a gap or
   * bad bytes as if valid, so this replica waits (reported once per offset) until the
   * leader's copy is repaired or another replica with intact data leads.
   */
  #leaderDamaged(partition: Partition): void {
    const offset = partition.log.logEndOffset;
    const known = this.#damagedAtLeader.get(key(partition));
    if (known?.offset !== offset) {
      this.resources.logger.warn(
        { topic: partition.topic, partition: partition.index, leader: this.leader.nodeId, offset },
        "leader refused to replicate damaged log data; waiting for it to be repaired",
      );
    }
    this.#damagedAtLeader.set(key(partition), { offset, retryAt: this.resources.clock.now() + DAMAGED_AT_LEADER_BACKOFF_MS });
  }

  /** Stops fetching and closes the connection; safe to call twice. */
  async close(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    this.#connection?.close();
    this.#connection = null;
    await this.#stopped;
  }
}

import { KafkaProtocolError, errorCode } from "@freshet/protocol/errors/error-codes";
import { metadata } from "@freshet/protocol/messages/metadata";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import { BrokerConnection } from "../connection/connection.js";
import { ConnectionError } from "../connection/connection-error.js";
import { systemClock, type Clock } from "../time/clock.js";
import type { SaslOptions } from "../connection/sasl/sasl-options.js";
import type { BrokerAddress, TransportConnector } from "../transport/transport.js";
import { UnknownPartitionError, UnknownTopicError } from "./cluster-errors.js";
import { MetadataCache, type ClusterInfo, type PartitionInfo, type TopicInfo } from "./metadata-cache.js";
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from "./retry.js";

/**
 * Separate connections per purpose: a broker answers one connection's requests
 * strictly in order, so a long-polling Fetch or a parked JoinGroup would hold up
 * everything queued behind it (kafkajs keeps a fetch connection apart for the same
 * reason). "main" is shared; each fetcher and each group member takes its own lane
 * from newLane(), since a JoinGroup parked for one member must not hold up another
 * member's heartbeats.
 */
export type Lane = string;
export const MAIN_LANE: Lane = "main";

export interface ClusterOptions {
  readonly bootstrap: readonly BrokerAddress[];
  readonly connector: TransportConnector;
  readonly clientId?: string;
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly retry?: RetryPolicy;
  readonly clock?: Clock;
  /** Every connection logs in with these (brokers with SASL_PLAINTEXT listeners). */
  readonly sasl?: SaslOptions;
}

const LEADER_NOT_AVAILABLE = errorCode("LEADER_NOT_AVAILABLE");
const UNKNOWN_TOPIC_OR_PARTITION = errorCode("UNKNOWN_TOPIC_OR_PARTITION");

/** Codes that mean our picture of leaders or coordinators is stale. */
const STALE_METADATA_CODES = new Set([3, 5, 6, 15, 16, 41, 74, 75]);

/** Bootstrap, metadata and one connection per (broker, lane). */
export class Cluster {
  readonly clock: Clock;
  readonly retryPolicy: RetryPolicy;
  readonly #options: ClusterOptions;
  readonly #cache = new MetadataCache();
  readonly #connections = new Map<string, Promise<BrokerConnection>>();
  #bootstrapConnection: Promise<BrokerConnection> | null = null;
  #nextLane = 0;
  #closed = false;

  constructor(options: ClusterOptions) {
    if (options.bootstrap.length === 0) throw new RangeError("at least one bootstrap address is required");
    this.#options = options;
    this.clock = options.clock ?? systemClock;
    this.retryPolicy = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  get info(): ClusterInfo {
    return this.#cache.cluster;
  }

  #open(address: BrokerAddress): Promise<BrokerConnection> {
    return BrokerConnection.open({
      address,
      connector: this.#options.connector,
      clientId: this.#options.clientId ?? "freshet",
      connectTimeoutMs: this.#options.connectTimeoutMs,
      requestTimeoutMs: this.#options.requestTimeoutMs,
      clock: this.clock,
      sasl: this.#options.sasl,
    });
  }

  /** A connection to whichever bootstrap broker answers first, in list order. */
  async #bootstrap(): Promise<BrokerConnection> {
    const existing = this.#bootstrapConnection ? await this.#bootstrapConnection.catch(() => null) : null;
    if (existing && !existing.closed) return existing;
    this.#bootstrapConnection = (async () => {
      let firstError: unknown = null;
      for (const address of this.#options.bootstrap) {
        try {
          return await this.#open(address);
        } catch (error) {
          firstError ??= error;
        }
      }
      throw firstError;
    })();
    return this.#bootstrapConnection;
  }

  /** Any usable connection, for requests every broker can answer (Metadata, InitProducerId). */
  async anyConnection(): Promise<BrokerConnection> {
    if (this.#closed) throw new ConnectionError("closed", this.#options.bootstrap[0]!, "client is closed");
    for (const [key, pending] of this.#connections) {
      // Only main lanes: a fetch lane may sit in a long poll.
      if (!key.endsWith(`/${MAIN_LANE}`)) continue;
      const connection = await pending.catch(() => null);
      if (connection && !connection.closed) return connection;
    }
    return this.#bootstrap();
  }

  /** A connection to broker `nodeId` on `lane`, opened on first use and after it dropped. */
  async connectionTo(nodeId: number, lane: Lane = MAIN_LANE): Promise<BrokerConnection> {
    if (this.#closed) throw new ConnectionError("closed", this.#options.bootstrap[0]!, "client is closed");
    const key = `${nodeId}/${lane}`;
    const existing = this.#connections.get(key);
    if (existing) {
      const connection = await existing.catch(() => null);
      if (connection && !connection.closed) return connection;
      if (this.#connections.get(key) === existing) this.#connections.delete(key);
      return this.connectionTo(nodeId, lane);
    }
    let broker = this.#cache.broker(nodeId);
    if (broker === undefined) {
      await this.refreshMetadata([]);
      broker = this.#cache.broker(nodeId);
    }
    if (broker === undefined) {
      throw new KafkaProtocolError(LEADER_NOT_AVAILABLE, `broker ${nodeId} is not in the cluster metadata`);
    }
    const opening = this.#open({ host: broker.host, port: broker.port });
    this.#connections.set(key, opening);
    opening.catch(() => {
      if (this.#connections.get(key) === opening) this.#connections.delete(key);
    });
    return opening;
  }

  /**
   * Asks for metadata of `topics` (null = all topics, [] = brokers only) and caches it.
   * Never creates topics: a producer to a missing topic is a user error here.
   */
  async refreshMetadata(topics: readonly string[] | null): Promise<TopicInfo[]> {
    const connection = await this.anyConnection();
    const response = await connection.request(metadata, {
      topics: topics === null ? null : topics.map((name) => ({ topicId: ZERO_UUID, name })),
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    return this.#cache.update(response);
  }

  /** A topic's partitions, from the cache unless `refresh`; throws UnknownTopicError. */
  async topic(name: string, options: { refresh?: boolean } = {}): Promise<TopicInfo> {
    const cached = options.refresh ? undefined : this.#cache.topic(name);
    if (cached) return cached;
    const [topic] = await this.refreshMetadata([name]);
    if (topic === undefined || topic.errorCode === UNKNOWN_TOPIC_OR_PARTITION) throw new UnknownTopicError(name);
    if (topic.errorCode !== 0) throw new KafkaProtocolError(topic.errorCode, `metadata for topic "${name}"`);
    return topic;
  }

  async partition(topic: string, partition: number): Promise<PartitionInfo> {
    const info = await this.topic(topic);
    const found = info.partitions.find((p) => p.partition === partition);
    if (found === undefined) throw new UnknownPartitionError(topic, partition, info.partitions.length);
    return found;
  }

  /** The node id leading a partition; retriable LEADER_NOT_AVAILABLE while there is none. */
  async leaderOf(topic: string, partition: number): Promise<number> {
    const info = await this.partition(topic, partition);
    if (info.leader < 0) {
      throw new KafkaProtocolError(info.errorCode || LEADER_NOT_AVAILABLE, `leader of ${topic}/${partition}`);
    }
    return info.leader;
  }

  /** The controller (where admin requests go), per the latest metadata. */
  async controllerConnection(): Promise<BrokerConnection> {
    if (this.#cache.cluster.controllerId < 0) await this.refreshMetadata([]);
    const controllerId = this.#cache.cluster.controllerId;
    return controllerId >= 0 ? this.connectionTo(controllerId) : this.anyConnection();
  }

  /** A lane of connections for one user (a fetcher, a group member); release it with closeLane. */
  newLane(purpose: "fetch" | "group"): Lane {
    return `${purpose}-${this.#nextLane++}`;
  }

  /** Closes the connections of `lane`; requests still in flight on it fail. */
  closeLane(lane: Lane): void {
    for (const [key, pending] of [...this.#connections]) {
      if (!key.endsWith(`/${lane}`)) continue;
      this.#connections.delete(key);
      pending.then(
        (connection) => connection.close(),
        () => undefined,
      );
    }
  }

  /** Drops cached topic metadata so the next lookup asks the cluster again. */
  invalidateMetadata(): void {
    this.#cache.forgetTopics();
  }

  /**
   * Retries `operation` on retriable errors with backoff; before each retry, forgets
   * metadata when the error means leaders, coordinators or brokers moved.
   */
  retry<T>(operation: (attempt: number) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return withRetry(
      this.retryPolicy,
      {
        clock: this.clock,
        signal,
        beforeRetry: (error) => {
          if (error instanceof ConnectionError || (error instanceof KafkaProtocolError && STALE_METADATA_CODES.has(error.code))) {
            this.invalidateMetadata();
          }
        },
      },
      operation,
    );
  }

  /** Closes every connection; safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    const all = [...this.#connections.values()];
    if (this.#bootstrapConnection) all.push(this.#bootstrapConnection);
    this.#connections.clear();
    this.#bootstrapConnection = null;
    const settled = await Promise.allSettled(all);
    for (const result of settled) if (result.status === "fulfilled") result.value.close();
  }
}

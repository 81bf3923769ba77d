import type { BrokerConnection } from "../connection/connection.js";
import { KafkaProtocolError, errorCode, errorName } from "@freshet/protocol/errors/error-codes";
import { smartFetch, type SmartFetchChainStep, type SmartFetchResponse } from "@freshet/protocol/messages/freshet/smart-fetch";
import { unpackRecords } from "@freshet/smartmodule/packed/packed-reader";
import type { Cluster } from "../cluster/cluster.js";
import type { ConsumedRecord } from "./consumed-record.js";

/** A step of a broker-side chain: a registered module by `name` or `name@version`, with its params. */
export interface SmartChainStep {
  readonly module: string;
  readonly params?: Readonly<Record<string, string>>;
}

/** A record a step of the chain could not handle; the stream goes on without it. */
export interface SmartRecordError {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly module: string;
  readonly message: string;
}

export type SmartConsumed = { readonly kind: "record"; readonly record: ConsumedRecord } | { readonly kind: "record-error"; readonly error: SmartRecordError };

/**
 * The broker refused the chain (unknown module, rejected params) or the chain
 * failed on the broker (a module timed out, trapped or ran out of memory). The
 * message is the broker's, which names the module and the reason.
 */
export class SmartConsumeError extends Error {
  readonly retriable = false;
  readonly errorName: string;
  constructor(
    readonly code: number,
    readonly topic: string,
    readonly partition: number,
    message: string,
  ) {
    super(message);
    this.name = "SmartConsumeError";
    this.errorName = errorName(code);
  }
}

const SESSION_NOT_FOUND = errorCode("FETCH_SESSION_ID_NOT_FOUND");

export interface SmartReadOptions {
  readonly maxWaitMs: number;
  readonly maxBytes: number;
}

/**
 * One partition read through a broker-side chain, on a connection of its own: the
 * broker keeps the chain in a session of that connection, and a long poll must not
 * hold up other partitions' answers. When the session is lost (connection dropped,
 * leader moved, idle timeout) the next read opens a new one from the last
 * position with the last accumulators, so aggregates carry on where they were.
 */
export class SmartPartitionReader {
  #sessionId = 0;
  #connection: BrokerConnection | null = null;
  #accumulators: Uint8Array[] | null = null;
  readonly #lane: string;

  constructor(
    private readonly cluster: Cluster,
    readonly topic: string,
    readonly partition: number,
    private readonly chain: readonly SmartChainStep[],
    public position: number,
    private readonly options: SmartReadOptions,
    accumulators?: readonly Uint8Array[],
  ) {
    this.#lane = cluster.newLane("fetch");
    this.#accumulators = accumulators === undefined ? null : [...accumulators];
  }

  /** The chain's running accumulators after the last answer (resume a later read with them). */
  get accumulators(): readonly Uint8Array[] {
    return this.#accumulators ?? [];
  }

  /**
   * One SmartFetch round: the chain's output and record errors from the position
   * on, in offset order. A broker without SmartFetch (plain Kafka, an older
   * Freshet) fails it with an `unsupported` ConnectionError.
   */
  async next(): Promise<SmartConsumed[]> {
    const leader = await this.cluster.leaderOf(this.topic, this.partition);
    const connection = await this.cluster.connectionTo(leader, this.#lane);
    if (connection !== this.#connection) {
      this.#connection = connection;
      this.#sessionId = 0;
    }
    const opening = this.#sessionId === 0;
    const response = await connection.request(
      smartFetch,
      {
        sessionId: this.#sessionId,
        topic: this.topic,
        partition: this.partition,
        fetchOffset: BigInt(this.position),
        maxBytes: this.options.maxBytes,
        maxWaitMs: this.options.maxWaitMs,
        chain: opening ? this.chain.map(wireStep) : [],
        accumulators: opening ? this.#accumulators : null,
      },
      { timeoutMs: this.options.maxWaitMs + 30_000 },
    );
    return this.#accept(response);
  }

  #accept(response: SmartFetchResponse): SmartConsumed[] {
    if (response.errorCode !== 0) {
      // Any error ends the broker's session.
      this.#sessionId = 0;
      if (response.errorCode === SESSION_NOT_FOUND) return [];
      const context = `SmartFetch ${this.topic}/${this.partition}`;
      if (new KafkaProtocolError(response.errorCode, context).retriable) throw new KafkaProtocolError(response.errorCode, context);
      throw new SmartConsumeError(response.errorCode, this.topic, this.partition, response.errorMessage ?? errorName(response.errorCode));
    }
    this.#sessionId = response.sessionId;
    this.#accumulators = response.accumulators;
    this.position = Number(response.nextOffset);
    const items: SmartConsumed[] = unpackRecords(response.records).map((r) => ({
      kind: "record",
      record: { topic: this.topic, partition: this.partition, offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers },
    }));
    for (const e of response.recordErrors) {
      items.push({ kind: "record-error", error: { topic: this.topic, partition: this.partition, offset: Number(e.offset), module: e.module, message: e.message } });
    }
    // Stable: a record's outputs keep the chain's order, and its errors follow them.
    return items.sort((a, b) => offsetOf(a) - offsetOf(b));
  }

  /** Ends reading: the connection closes, and with it the broker's session. */
  close(): void {
    this.#connection = null;
    this.cluster.closeLane(this.#lane);
  }
}

function offsetOf(item: SmartConsumed): number {
  return item.kind === "record" ? item.record.offset : item.error.offset;
}

function wireStep(step: SmartChainStep): SmartFetchChainStep {
  return { module: step.module, params: Object.entries(step.params ?? {}).map(([name, value]) => ({ name, value })) };
}

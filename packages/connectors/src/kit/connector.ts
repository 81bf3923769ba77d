import type { Logger } from "pino";
import type { z } from "zod";
import type { SinkRecord, SourcePosition, SourceRecord } from "./record.js";

/** Time behind a seam, so back-off and intervals are testable without sleeping. */
export interface ConnectorClock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason once it is aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface ConnectorContext<C> {
  /** The connector's own settings (the YAML's `config:` block), already validated by its schema. */
  readonly config: C;
  /** The deployed connector's name (unique per cluster). */
  readonly name: string;
  readonly logger: Logger;
  readonly clock: ConnectorClock;
}

export interface SourceContext<C> extends ConnectorContext<C> {
  /** The position stored with the last records that reached the cluster; undefined at first start or after an offsets reset. */
  readonly position: SourcePosition | undefined;
  /** Most records the runtime wants from one poll (it holds no more than errors.maxInFlight at once). */
  readonly maxBatch: number;
  /**
   * true in a preview (capture mode): the records go to whoever watches, never to the cluster, and
   * no batch is committed. The source must leave the deployed connector's state alone: its own
   * client id, a session that ends with it, no durable consumer. Only sources that set
   * `capturable` are opened so.
   */
  readonly capture?: boolean;
}

/** A record a source read but could not turn into a record (unparsable payload): dead-lettered with the error. */
export interface RejectedRecord {
  readonly record: SourceRecord;
  readonly error: string;
}

export interface SourceBatch {
  readonly records: readonly SourceRecord[];
  readonly rejected?: readonly RejectedRecord[];
  /** The position after these records: stored once they are acknowledged by the cluster, and given back on restart. */
  readonly position?: SourcePosition;
  /** Called once the records and the position are in the cluster (acknowledge an MQTT or NATS message here). */
  readonly commit?: () => Promise<void>;
}

export interface SourceTask {
  /**
   * The next records. Waits for some, but returns (possibly empty) within about a second so the
   * runtime can flush and notice a stop; rejects when `signal` aborts.
   */
  poll(signal: AbortSignal): Promise<SourceBatch>;
  /** Releases connections; safe to call twice. */
  close(): Promise<void>;
}

export interface SinkTask {
  /**
   * Writes `records` (in topic-partition-offset order per partition) and resolves once the target
   * has them durably; the runtime commits their offsets only then. Throw RecordError for one record
   * the target refuses, PermanentError when retrying cannot help, anything else to be retried.
   * May be called again with the same records after a failure: idempotent targets should key writes
   * by topic/partition/offset or by the record key.
   */
  write(records: readonly SinkRecord[], signal: AbortSignal): Promise<void>;
  /**
   * Sinks that buffer after `write` resolves (files rolled by size or time) say here what is
   * durable: per topic-partition, the next offset after the last record the target keeps for
   * sure. The runtime commits no further. Absent: everything written is durable.
   */
  durable?(): readonly PartitionPosition[];
  /** Called about once a second and before a stop, so buffering sinks can roll by time and flush. */
  flush?(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export interface PartitionPosition {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to read: every record before it is done. */
  readonly offset: number;
}

export type CheckResult = { readonly ok: true; readonly detail?: string } | { readonly ok: false; readonly message: string };

interface Definition<K extends "source" | "sink", C> {
  /** The name a config's `type:` uses, e.g. "mqtt-source". */
  readonly type: string;
  readonly kind: K;
  /** One sentence for the catalog and the console. */
  readonly description: string;
  /** The `config:` block's schema; `.describe()` on fields feeds the console's form. */
  readonly config: z.ZodType<C>;
  /** Tests the connection and settings without moving data (the API runs it before deploying). */
  check(context: ConnectorContext<C>): Promise<CheckResult>;
}

export interface SourceConnector<C = unknown> extends Definition<"source", C> {
  /** open() honours `capture`, so a preview can run this source beside the deployed one. */
  readonly capturable?: boolean;
  open(context: SourceContext<C>): Promise<SourceTask>;
}

export interface SinkConnector<C = unknown> extends Definition<"sink", C> {
  open(context: ConnectorContext<C>): Promise<SinkTask>;
}

export type Connector<C = unknown> = SourceConnector<C> | SinkConnector<C>;

/** A source, typed by its config schema (what a kit-built connector's module exports as default). */
export function defineSource<S extends z.ZodType>(connector: SourceConnector<z.infer<S>> & { readonly config: S }): SourceConnector<z.infer<S>> {
  return connector;
}

export function defineSink<S extends z.ZodType>(connector: SinkConnector<z.infer<S>> & { readonly config: S }): SinkConnector<z.infer<S>> {
  return connector;
}

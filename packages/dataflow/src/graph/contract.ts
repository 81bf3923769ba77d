/*
 * The contract between the pure dataflow core (operators, windows, state: no I/O) and the
 * runtime process that feeds it records from topics, produces its outputs, checkpoints it and
 * serves its views. The core is deterministic: the same inputs in the same per-partition order
 * give the same outputs (same ids, same values) whatever the interleaving of partitions, as long
 * as no record is late.
 */

/** One record read from a source topic. */
export interface DataflowInput {
  /** The source's id in the document (not the topic name). */
  readonly source: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  /** The Kafka record timestamp, ms. */
  readonly timestamp: number;
}

/** One record for a topic sink. */
export interface DataflowOutput {
  /** The sink's id in the document. */
  readonly sink: string;
  /**
   * A deterministic identity: the same logical result always gets the same id (for a window
   * result `operator:key:windowStart`, for a record passed through `source:partition:offset:index`).
   * The runtime writes it as the header `freshet.dataflow.id` and, after a restart, skips results
   * whose id is already in the sink topic past the checkpoint — that is how output is exactly-once.
   */
  readonly id: string;
  readonly key: string | null;
  /** JSON-serialisable value. */
  readonly value: unknown;
  /** Event time of the result (window end - 1 for window results), ms. */
  readonly timestamp: number;
}

/** One row of a materialized view: the latest value of an aggregate for a group and a window. */
export interface ViewRow {
  readonly view: string;
  readonly key: string;
  /** Window bounds, ms; for a view over a stream without windows both are the record's event time. */
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly value: Record<string, unknown>;
  /** false while the window is open (a partial, emitted on update), true once final. */
  readonly closed: boolean;
}

export interface OperatorStats {
  readonly id: string;
  readonly kind: string;
  readonly recordsIn: number;
  readonly recordsOut: number;
  /** ms, or null before the first record. */
  readonly watermark: number | null;
  /** Entries held in state (open windows × groups, join buffers, table rows…). */
  readonly stateEntries: number;
  /** Records that arrived after their windows closed (beyond allowedLateness), dropped and counted. */
  readonly lateDropped: number;
  /** Records an expression or SmartModule failed on (skipped, counted). */
  readonly errors: number;
}

export interface DataflowGraph {
  /** The partitions of each source the runtime reads; the watermark waits for all of them. */
  assignPartitions(source: string, partitions: readonly number[]): void;
  /** Feeds records; outputs accumulate until drained. */
  process(inputs: readonly DataflowInput[]): Promise<void>;
  /** Processing time passes (idle partitions stop holding the watermark back after their idleTimeout). */
  tick(nowMs: number): void;
  /** Everything produced since the last drain, in emission order. */
  drain(): { readonly outputs: DataflowOutput[]; readonly views: ViewRow[] };
  /** All state (windows, joins, tables, watermarks, counters) as bytes; restore() takes it back. */
  snapshot(): Uint8Array;
  restore(snapshot: Uint8Array): void;
  stats(): readonly OperatorStats[];
  /** Releases SmartModule workers. */
  close(): Promise<void>;
}

/** A record as an observer sees it at a node. */
export interface ObservedRecord {
  readonly key: string | null;
  /** Parsed JSON or text; at a source, the record's value as read (text, or null). */
  readonly value: unknown;
  /** Event time (at a source: the Kafka timestamp), ms. */
  readonly time: number;
}

/**
 * Watches every node of a graph (a preview samples what goes in and out of each). The compiler
 * wraps nodes only when one is given, so a graph without one runs exactly as before.
 */
export interface GraphObserver {
  in(node: string, record: ObservedRecord): void;
  out(node: string, record: ObservedRecord): void;
  /** A record the node skipped, and why (an expression or a SmartModule failed on it). */
  error(node: string, message: string): void;
}

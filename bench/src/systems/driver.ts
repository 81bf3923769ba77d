import type { MeteredProcess } from "../limits/cpu-budget/cpu-meter.js";

/** Thrown by `connect` when the system cannot be reached or started; the run goes on without it. */
export class UnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UnavailableError";
  }
}

/**
 * A phase's own duration as the client measured it, for clients that run in a
 * process of their own: their start-up (linking, connecting, metadata) is then
 * not part of the phase, as it is not for the in-process drivers.
 */
export interface ClientTiming {
  readonly seconds: number;
}

export interface ConsumeResult {
  /** Payload bytes read. */
  readonly bytes: number;
  /**
   * performance.now() when reading began, when the client first had to set up
   * (create a consumer, join a group); the consume time is counted from here.
   */
  readonly readingSince?: number;
  /** Set by out-of-process clients; takes precedence over `readingSince`. */
  readonly seconds?: number;
}

/**
 * An open-loop run: one latency per record sent, and how long the run took from
 * the first intended send to the last confirmation. Fewer latencies than records
 * asked for means the run stopped sending at its backlog limit.
 */
export interface OpenLoopRun {
  readonly latenciesMs: readonly number[];
  readonly seconds: number;
}

/** A fresh stream/topic owned by one benchmark phase. */
interface StreamPhases {
  /**
   * Writes `records` copies of the payload with the shared batch/in-flight knobs;
   * resolves when all are confirmed. On abort: sends nothing more, settles when
   * nothing is in flight.
   */
  produce(records: number, signal: AbortSignal): Promise<void | ClientTiming>;
  /** Reads the stream from its start until `records` records arrived; stops on abort. */
  consume(records: number, signal: AbortSignal): Promise<ConsumeResult>;
  /** Removes the stream and everything in it. Safe to call after a failed phase. */
  remove(): Promise<void>;
}

/** A stream whose latency run the harness drives, one call per record (src/run/open-loop.ts). */
export interface PerRecordStream extends StreamPhases {
  /** Writes one record and resolves when the system confirms it. */
  produceOne(): Promise<void>;
}

/** A stream whose client runs the open loop itself (a native client in its own process). */
export interface OpenLoopStream extends StreamPhases {
  /**
   * Sends `records` records at `ratePerSecond` on schedule and reports each one's latency from its intended send time;
   * stops sending early once more than `maxBacklog` records are unconfirmed (as src/run/open-loop.ts).
   */
  openLoop(records: number, ratePerSecond: number, signal: AbortSignal, maxBacklog: number): Promise<OpenLoopRun>;
}

export type BenchStream = PerRecordStream | OpenLoopStream;

/** Resident memory of a broker process, from /proc/<pid>/status. */
export interface BrokerMemory {
  /** VmRSS once the broker was listening and connected to, before any load. */
  readonly idleRssBytes: number;
  /** VmHWM (peak resident set) just before the broker was stopped, after every phase. */
  readonly peakRssBytes: number;
}

/** One way of driving one system (a peer, or Freshet through one client). */
export interface SystemDriver {
  readonly label: string;
  /** How this driver sets the system up, in sentences printed under the table. */
  readonly setup: readonly string[];
  /** Records/s of this driver's latency run when it is not the run's --latency-rate. */
  readonly latencyRate?: number;
  /** Short answer for the table's durability column: is a record on disk (fsync) before its acknowledgement? */
  readonly fsyncBeforeAck: "yes" | "no";
  /** Whether the latency-vs-rate sweep (--sweep) runs on this driver. */
  readonly sweeps?: boolean;
  /** The broker's memory, for drivers that start a Freshet broker of their own; read after close(). */
  brokerMemory?(): BrokerMemory | null;
  /** The broker processes this driver started (none for peers it only connects to), whose CPU time a produce phase meters. */
  processes?(): readonly MeteredProcess[];
  connect(): Promise<void>;
  openStream(name: string, payload: Buffer): Promise<BenchStream>;
  /** Disconnects and stops anything `connect` started. Safe to call twice and after a failed connect. */
  close(): Promise<void>;
}

/** Thrown by `connect` when the system cannot be reached or started; the run goes on without it. */
export class UnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UnavailableError";
  }
}

export interface ConsumeResult {
  /** Payload bytes read. */
  readonly bytes: number;
  /**
   * performance.now() when reading began, when the client first had to set up
   * (create a consumer, join a group); the consume time is counted from here.
   */
  readonly readingSince?: number;
}

/** A fresh stream/topic owned by one benchmark phase. */
export interface BenchStream {
  /**
   * Writes `records` copies of the payload with the shared batch/in-flight knobs;
   * resolves when all are confirmed. On abort: sends nothing more, settles when
   * nothing is in flight.
   */
  produce(records: number, signal: AbortSignal): Promise<void>;
  /** Reads the stream from its start until `records` records arrived; stops on abort. */
  consume(records: number, signal: AbortSignal): Promise<ConsumeResult>;
  /** Writes one record and resolves when the system confirms it (latency run). */
  produceOne(): Promise<void>;
  /** Removes the stream and everything in it. Safe to call after a failed phase. */
  remove(): Promise<void>;
}

/** One way of driving one system (a peer, or Freshet through one client). */
export interface SystemDriver {
  readonly label: string;
  /** How this driver sets the system up, in sentences printed under the table. */
  readonly setup: readonly string[];
  /** Records/s of this driver's latency run when it is not the run's --latency-rate. */
  readonly latencyRate?: number;
  connect(): Promise<void>;
  openStream(name: string, payload: Buffer): Promise<BenchStream>;
  /** Disconnects and stops anything `connect` started. Safe to call twice and after a failed connect. */
  close(): Promise<void>;
}

import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import type { SmartModuleChain } from "@freshet/smartmodule/chain/chain";
import { packRecords } from "@freshet/smartmodule/packed/packed-writer";
import { unpackRecords } from "@freshet/smartmodule/packed/packed-reader";
import type { SmartRecord } from "@freshet/smartmodule/record";
import type { EngineResources } from "../../system/resources.js";
import type { Partition } from "../../topics/partition.js";
import type { TopicConfig } from "../../topics/topic-config.js";
import type { ChainSpec } from "../chain-spec.js";
import { kafkaBatchOf, storedCompression } from "../kafka-records.js";
import type { ChainOpener } from "../open-chain.js";
import { readResumePoint, resumeHeaders, SOURCE_NEXT_HEADER, SOURCE_OFFSET_HEADER, sourceOffsetHeader, STATE_HEADER } from "./resume-point.js";
import type { OpenSourceReader, SourceChunk } from "./source-reader.js";

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;
/** Leadership is re-checked this often after it was lost, until the supervisor stops the task. */
const IDLE_CHECK_MS = 1000;

const OUR_HEADERS = new Set([SOURCE_OFFSET_HEADER, SOURCE_NEXT_HEADER, STATE_HEADER]);

/** The source partition a task reads, wherever it is led. */
export interface DerivationSource {
  readonly topic: string;
  readonly open: OpenSourceReader;
}

export interface DerivationTarget {
  readonly topic: string;
  readonly config: TopicConfig;
  readonly chain: ChainSpec;
  readonly partition: Partition;
}

/**
 * Fills one partition of a derived topic from the same partition of its source:
 * reads what the source has committed, runs the chain, and appends the output as
 * one batch per step, its last record carrying where to continue and the aggregate
 * state. A failure (chain timeout or trap, source unreachable) is logged and retried
 * with backoff from the derived log's last batch, so nothing is skipped or repeated.
 */
export class DerivationTask {
  readonly #stop = new AbortController();
  readonly #done: Promise<void>;

  constructor(
    private readonly target: DerivationTarget,
    private readonly source: DerivationSource,
    private readonly chains: ChainOpener,
    private readonly resources: EngineResources,
  ) {
    this.#done = this.#loop();
  }

  async #loop(): Promise<void> {
    let delay = FIRST_RETRY_MS;
    while (!this.#stopped) {
      try {
        await this.#run(() => (delay = FIRST_RETRY_MS));
        // Not leading (any more): the supervisor stops this task once it sees the change.
        await this.#sleep(IDLE_CHECK_MS);
      } catch (cause) {
        if (this.#stopped) break;
        this.resources.logger.error({ topic: this.target.topic, partition: this.target.partition.index, source: this.source.topic, err: cause, retryInMs: delay }, "derivation failed");
        await this.#sleep(delay);
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      }
    }
  }

  get #stopped(): boolean {
    return this.#stop.signal.aborted;
  }

  async #run(progressed: () => void): Promise<void> {
    const { partition } = this.target;
    const resume = await readResumePoint(partition.log);
    const reader = this.source.open(resume.nextSourceOffset, this.#stop.signal);
    try {
      const chain = await this.chains.open(this.target.chain, resume.accumulators);
      try {
        while (!this.#stopped && partition.isLeader) {
          const chunk = await reader.next();
          if (chunk === null) continue;
          await this.#step(chain, chunk);
          progressed();
        }
      } finally {
        await chain.close();
      }
    } finally {
      reader.close();
    }
  }

  /** Derives one chunk of the source and appends the output, if any. */
  async #step(chain: SmartModuleChain, chunk: SourceChunk): Promise<void> {
    if (chunk.records.length === 0) return;
    const output = await chain.process(packRecords(chunk.records));
    for (const error of output.errors) {
      this.resources.logger.warn({ topic: this.target.topic, partition: this.target.partition.index, ...error }, "SmartModule skipped a record");
    }
    const records = unpackRecords(output.records);
    if (records.length > 0) await this.#append(records, chunk.end, chain.accumulators);
  }

  async #append(records: SmartRecord[], nextSourceOffset: number, accumulators: readonly Uint8Array[]): Promise<void> {
    const last = records.length - 1;
    const stamped = records.map((record, i) => ({
      ...record,
      headers: [...record.headers.filter((h) => !OUR_HEADERS.has(h.key)), sourceOffsetHeader(record.offset), ...(i === last ? resumeHeaders(nextSourceOffset, accumulators) : [])],
    }));
    const batch = await kafkaBatchOf(stamped, storedCompression(this.target.config, null), null);
    const { partition } = this.target;
    // Stopping (or losing leadership) while the chain ran: leave the rest to the next leader.
    if (this.#stopped || !partition.isLeader) throw new Error("derivation stopped");
    const outcome = await partition.append(batch, readBatchHeader(batch));
    if (!outcome.ok) throw new Error(`cannot append to '${this.target.topic}': ${outcome.message}`);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.#stop.signal;
      if (signal.aborted) return resolve();
      const finish = () => {
        cancelTimer();
        signal.removeEventListener("abort", finish);
        resolve();
      };
      const cancelTimer = this.resources.clock.schedule(ms, finish);
      signal.addEventListener("abort", finish, { once: true });
    });
  }

  /** Stops after the step in progress; safe to call twice. */
  stop(): Promise<void> {
    this.#stop.abort();
    return this.#done;
  }
}

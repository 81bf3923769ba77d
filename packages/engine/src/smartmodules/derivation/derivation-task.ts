import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import { splitBatches } from "@freshet/protocol/records/split-batches";
import type { SmartModuleChain } from "@freshet/smartmodule/chain/chain";
import { packRecords } from "@freshet/smartmodule/packed/packed-writer";
import { unpackRecords } from "@freshet/smartmodule/packed/packed-reader";
import type { SmartRecord } from "@freshet/smartmodule/record";
import type { EngineResources } from "../../broker/resources.js";
import type { Partition } from "../../topics/partition.js";
import type { TopicConfig } from "../../topics/topic-config.js";
import type { ChainSpec } from "../chain-spec.js";
import { kafkaBatchOf, smartRecordsOf, storedCompression } from "../kafka-records.js";
import { openChain } from "../open-chain.js";
import type { SmartModuleRegistry } from "../registry.js";
import { readResumePoint, resumeHeaders, SOURCE_NEXT_HEADER, SOURCE_OFFSET_HEADER, sourceOffsetHeader, STATE_HEADER } from "./resume-point.js";

/** Source bytes read per step; the first batch is read whole whatever its size. */
const READ_BYTES = 1024 * 1024;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;
/** Leadership and stop are re-checked at least this often while the source is idle. */
const IDLE_CHECK_MS = 1000;

const OUR_HEADERS = new Set([SOURCE_OFFSET_HEADER, SOURCE_NEXT_HEADER, STATE_HEADER]);

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
 * state. A failure (chain timeout or trap, source gone) is logged and retried with
 * backoff from the derived log's last batch, so nothing is skipped or repeated.
 */
export class DerivationTask {
  #stopped = false;
  #wake: (() => void) | null = null;
  readonly #done: Promise<void>;

  constructor(
    private readonly target: DerivationTarget,
    private readonly source: Partition,
    private readonly registry: SmartModuleRegistry,
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
        if (!this.#stopped) await this.#sleep(IDLE_CHECK_MS);
      } catch (cause) {
        if (this.#stopped) break;
        this.resources.logger.error(
          { topic: this.target.topic, partition: this.target.partition.index, source: this.source.topic, err: cause, retryInMs: delay },
          "derivation failed",
        );
        await this.#sleep(delay);
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      }
    }
  }

  async #run(progressed: () => void): Promise<void> {
    const { partition } = this.target;
    const resume = await readResumePoint(partition.log);
    const chain = await openChain(this.registry, this.target.chain, resume.accumulators);
    try {
      let next = Math.max(resume.nextSourceOffset, this.source.logStartOffset);
      while (!this.#stopped && partition.isLeader) {
        if (this.source.highWatermark <= next) {
          await this.#waitForSource();
          continue;
        }
        next = await this.#step(chain, next);
        progressed();
      }
    } finally {
      await chain.close();
    }
  }

  /** Derives what the source holds from `next`; returns the next source offset. */
  async #step(chain: SmartModuleChain, next: number): Promise<number> {
    const read = await this.source.log.read(next, READ_BYTES, this.source.highWatermark, true);
    const input: SmartRecord[] = [];
    let end = next;
    for (const chunk of read.chunks) {
      for (const batch of splitBatches(chunk).batches) {
        const { header, records } = await smartRecordsOf(batch);
        for (const record of records) if (record.offset >= next) input.push(record);
        end = Math.max(end, header.baseOffset + header.lastOffsetDelta + 1);
      }
    }
    if (end === next) return next;
    const output = await chain.process(packRecords(input));
    for (const error of output.errors) {
      this.resources.logger.warn({ topic: this.target.topic, partition: this.target.partition.index, ...error }, "SmartModule skipped a record");
    }
    const records = unpackRecords(output.records);
    if (records.length > 0) await this.#append(records, end, chain.accumulators);
    return end;
  }

  async #append(records: SmartRecord[], nextSourceOffset: number, accumulators: readonly Uint8Array[]): Promise<void> {
    const last = records.length - 1;
    const stamped = records.map((record, i) => ({
      ...record,
      headers: [
        ...record.headers.filter((h) => !OUR_HEADERS.has(h.key)),
        sourceOffsetHeader(record.offset),
        ...(i === last ? resumeHeaders(nextSourceOffset, accumulators) : []),
      ],
    }));
    const batch = await kafkaBatchOf(stamped, storedCompression(this.target.config, null), null);
    const { partition } = this.target;
    // Stopping (or losing leadership) while the chain ran: leave the rest to the next leader.
    if (this.#stopped || !partition.isLeader) throw new Error("derivation stopped");
    const outcome = await partition.append(batch, readBatchHeader(batch));
    if (!outcome.ok) throw new Error(`cannot append to '${this.target.topic}': ${outcome.message}`);
  }

  #waitForSource(): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        unsubscribe();
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(finish, IDLE_CHECK_MS);
      const unsubscribe = this.source.onAdvance(finish);
      this.#wake = finish;
    });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        resolve();
      }, ms);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
    });
  }

  /** Stops after the step in progress; safe to call twice. */
  stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    return this.#done;
  }
}

import type { PartitionLog } from "../../log/partition-log.js";
import { ManualClock } from "../../system/test-support/manual-clock.js";
import { Partition } from "../partition.js";

/** The parts of a log that leadership and the high watermark touch; the log end is set by the test. */
export interface FakeLog {
  logStartOffset: number;
  logEndOffset: number;
}

export interface LedPartition {
  readonly partition: Partition;
  readonly log: FakeLog;
  readonly clock: ManualClock;
  /** Every ISR the leader proposed to the controller, in order. */
  readonly proposals: number[][];
}

/** A partition this node (id 1) leads with `replicas` and `isr`, over a log ending at `logEnd`, on a manual clock. */
export async function ledPartition(replicas: readonly number[], isr: readonly number[], logEnd: number): Promise<LedPartition> {
  const clock = new ManualClock();
  const log: FakeLog = { logStartOffset: 0, logEndOffset: logEnd };
  const partition = new Partition("orders", 0, Object.assign(log, { assignLeaderEpoch: () => Promise.resolve(), onWritten: () => undefined }) as unknown as PartitionLog, clock, 1, 0);
  const proposals: number[][] = [];
  partition.onIsrProposal = (proposed) => proposals.push(proposed);
  await partition.becomeLeader(1, replicas, isr);
  return { partition, log, clock, proposals };
}

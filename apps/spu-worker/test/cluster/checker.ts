/**
 * History checker for the fault tests (reliability.md §3.5, the Jepsen `queue`
 * checks that apply to one producer and a full read from offset 0).
 *
 * Input: every send the cluster acknowledged, in the order the acks arrived
 * (one sequential producer, so that is also the send order), and everything a
 * consumer read back. Values are unique per run, so a value identifies one send.
 * Sends that failed are indeterminate (they may or may not have been written):
 * pass their values as `unacknowledged` so reading them is not counted as unknown.
 */
export interface HistoryRecord {
  readonly value: string;
  readonly partition: number;
  readonly offset: number;
}

export interface History {
  readonly acked: readonly HistoryRecord[];
  readonly read: readonly HistoryRecord[];
  readonly unacknowledged?: readonly string[];
}

export interface Anomalies {
  /** Acknowledged values never read from their partition. */
  readonly lost: number;
  /** Values read more than once (at several offsets, or the same one twice). */
  readonly duplicated: number;
  /**
   * Acknowledged values read out of acknowledgement order within their partition:
   * the fewest values that must move for the read order to match (length minus
   * the longest increasing run of read positions), so one swap counts 1.
   */
  readonly reordered: number;
  /** Acknowledged values first read at another offset than the ack gave. */
  readonly offsetMismatches: number;
  /** Values read that were never sent (neither acknowledged nor indeterminate). */
  readonly unknown: number;
}

/** Up to this many example values per anomaly, as Jepsen condenses its reports. */
const EXAMPLES = 8;

export interface CheckResult {
  readonly counts: Anomalies;
  readonly examples: { readonly [K in keyof Anomalies]: readonly string[] };
}

export function checkHistory(history: History): CheckResult {
  const sent = new Set([...history.acked.map((r) => r.value), ...(history.unacknowledged ?? [])]);
  const reads = new Map<string, HistoryRecord[]>();
  for (const record of history.read) {
    const seen = reads.get(record.value);
    if (seen === undefined) reads.set(record.value, [record]);
    else seen.push(record);
  }
  const firstReadOf = (ack: HistoryRecord): HistoryRecord | undefined => reads.get(ack.value)?.find((r) => r.partition === ack.partition);

  const lost = history.acked.filter((ack) => firstReadOf(ack) === undefined).map((ack) => ack.value);
  const moved = history.acked.filter((ack) => {
    const read = firstReadOf(ack);
    return read !== undefined && read.offset !== ack.offset;
  });
  const duplicated = [...reads].filter(([, copies]) => copies.length > 1).map(([value]) => value);
  const unknown = [...reads.keys()].filter((value) => !sent.has(value));
  const outOfOrder = reordered(history);

  return {
    counts: { lost: lost.length, duplicated: duplicated.length, reordered: outOfOrder.length, offsetMismatches: moved.length, unknown: unknown.length },
    examples: {
      lost: lost.slice(0, EXAMPLES),
      duplicated: duplicated.slice(0, EXAMPLES),
      reordered: outOfOrder.slice(0, EXAMPLES),
      offsetMismatches: moved.slice(0, EXAMPLES).map((ack) => `${ack.value}: acked at ${ack.offset}, read at ${firstReadOf(ack)?.offset}`),
      unknown: unknown.slice(0, EXAMPLES),
    },
  };
}

/** Per partition: acknowledged values outside the longest run read in acknowledgement order. */
function reordered(history: History): string[] {
  const position = new Map<string, number>();
  history.read.forEach((record, index) => {
    const key = `${record.partition}\u0000${record.value}`;
    if (!position.has(key)) position.set(key, index);
  });
  const out: string[] = [];
  const partitions = new Set(history.acked.map((ack) => ack.partition));
  for (const partition of partitions) {
    const inAckOrder = history.acked
      .filter((ack) => ack.partition === partition)
      .flatMap((ack) => {
        const at = position.get(`${partition}\u0000${ack.value}`);
        return at === undefined ? [] : [{ value: ack.value, at }];
      });
    const kept = new Set(longestIncreasing(inAckOrder.map((entry) => entry.at)));
    inAckOrder.forEach((entry, index) => {
      if (!kept.has(index)) out.push(entry.value);
    });
  }
  return out;
}

/** Indices of one longest strictly increasing subsequence (patience sorting, O(n log n)). */
function longestIncreasing(values: readonly number[]): number[] {
  const tails: number[] = [];
  const previous = new Array<number>(values.length).fill(-1);
  values.forEach((value, index) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (values[tails[middle]!]! < value) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[index] = tails[low - 1]!;
    tails[low] = index;
  });
  const indices: number[] = [];
  for (let index = tails.at(-1) ?? -1; index >= 0; index = previous[index]!) indices.push(index);
  return indices.reverse();
}

/** One line for logs and assertion messages: the counts, then examples of whatever is not zero. */
export function describeCheck(result: CheckResult): string {
  const counts = Object.entries(result.counts).map(([name, count]) => `${name} ${count}`);
  const examples = Object.entries(result.examples)
    .filter(([, values]) => values.length > 0)
    .map(([name, values]) => `${name}: ${values.join(", ")}`);
  return [counts.join(", "), ...examples].join("; ");
}

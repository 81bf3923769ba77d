export interface Observed {
  readonly value: string;
  readonly offset: number;
}

/**
 * Compares what the cluster acknowledged with what a consumer read back from
 * offset 0 of one partition. Values are "v<sequence>" sent one at a time, so
 * the read order must follow the sequence.
 */
export function anomalies(acked: readonly Observed[], read: readonly Observed[]) {
  const readAt = new Map(read.map((r) => [r.value, r.offset]));
  const sequence = (value: string) => Number(value.slice(1));
  return {
    lost: acked.filter((a) => !readAt.has(a.value)).length,
    moved: acked.filter((a) => readAt.has(a.value) && readAt.get(a.value) !== a.offset).length,
    duplicated: read.length - new Set(read.map((r) => r.value)).size,
    reordered: read.filter((r, i) => i > 0 && sequence(r.value) < sequence(read[i - 1]!.value)).length,
  };
}

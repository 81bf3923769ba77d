/**
 * The q-quantile of a Prometheus histogram's buckets (cumulative counts keyed by upper bound),
 * as PromQL's histogram_quantile computes it: linear within the bucket the rank falls in; in the
 * +Inf bucket, the highest finite bound. Null without observations.
 */
export function histogramQuantile(q: number, buckets: Readonly<Record<string, number>>): number | null {
  const sorted = Object.entries(buckets)
    .map(([le, count]) => ({ bound: le === "+Inf" ? Infinity : Number(le), count }))
    .filter((bucket) => !Number.isNaN(bucket.bound))
    .sort((a, b) => a.bound - b.bound);
  const total = sorted.at(-1);
  if (total === undefined || total.bound !== Infinity || total.count <= 0) return null;
  const rank = q * total.count;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const { bound, count } of sorted) {
    if (count >= rank) {
      if (bound === Infinity) return lowerBound;
      if (count === lowerCount) return bound;
      return lowerBound + (bound - lowerBound) * ((rank - lowerCount) / (count - lowerCount));
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

import type { ClusterMetricsData, Throughput } from "@freshet/control-plane/metrics/cluster-metrics-data";

function mean(values: readonly (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : known.reduce((total, value) => total + value, 0) / known.length;
}

function meanThroughput(points: readonly Throughput[]): Throughput {
  return {
    inRecordsPerSecond: mean(points.map((p) => p.inRecordsPerSecond)),
    inBytesPerSecond: mean(points.map((p) => p.inBytesPerSecond)),
    outRecordsPerSecond: mean(points.map((p) => p.outRecordsPerSecond)),
    outBytesPerSecond: mean(points.map((p) => p.outBytesPerSecond)),
  };
}

/**
 * One point for a bucket of raw points, oldest first: rates averaged (each raw rate covers an
 * equal pass interval), the highest p99 of the bucket (percentiles do not average), and the
 * gauges, SPUs and lag as the bucket ended.
 */
export function downsample(points: readonly ClusterMetricsData[]): ClusterMetricsData | null {
  const last = points.at(-1);
  if (last === undefined) return null;
  const topicNames = new Set(points.flatMap((p) => Object.keys(p.topics)));
  const topics: Record<string, Throughput> = {};
  for (const topic of topicNames) topics[topic] = meanThroughput(points.flatMap((p) => (p.topics[topic] === undefined ? [] : [p.topics[topic]])));
  const p99s = points.map((p) => p.produceLatencyP99Seconds).filter((value): value is number => value !== null);
  return {
    ...last,
    ...meanThroughput(points),
    produceLatencyP99Seconds: p99s.length === 0 ? null : Math.max(...p99s),
    topics,
  };
}

export interface DownloadDay {
  /** A UTC day, "YYYY-MM-DD". */
  readonly day: string;
  readonly count: number;
}

const DAY_MS = 86_400_000;

/**
 * One bar per UTC day for the `days` days ending `today`, oldest first. The API stores only days
 * with downloads, so the missing ones are zeros: a gap in the chart is a day nobody downloaded,
 * never a day the axis skipped.
 */
export function dailySeries(points: readonly DownloadDay[], today: Date, days: number): DownloadDay[] {
  const counts = new Map(points.map((point) => [point.day, point.count]));
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(end - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10);
    return { day, count: counts.get(day) ?? 0 };
  });
}

/** The sum of a series, for the chart's heading. */
export function totalDownloads(points: readonly DownloadDay[]): number {
  return points.reduce((sum, point) => sum + point.count, 0);
}

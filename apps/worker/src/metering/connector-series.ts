import { Decimal } from "@freshet/billing/money";
import { CONNECTOR_RUNNING_SERIES, seriesKey, type SeriesValue, type SpuReading } from "./metered-series.js";

/**
 * Connector-hours are metered like the SPUs' gauges, without a scrape: each connector Running when
 * a cluster is read is a series of value 1 added to the reading of the cluster's lowest SPU read,
 * so the ledger integrates it between readings (split at UTC hours, deterministic event ids, the
 * same cursors). A connector counts from its second reading on, and an interval in which it
 * stopped or started is not billed: at most one collection interval per start or stop, in the
 * customer's favour. So is the first reading after that SPU restarts or goes unread.
 */
export function withConnectorSeries(readings: readonly SpuReading[], runningConnectorIds: readonly string[]): SpuReading[] {
  if (readings.length === 0 || runningConnectorIds.length === 0) return [...readings];
  const carrier = readings.reduce((lowest, reading) => (reading.spuId < lowest.spuId ? reading : lowest));
  const series: SeriesValue[] = runningConnectorIds.map((id) => ({ series: seriesKey(CONNECTOR_RUNNING_SERIES, { connector: id }), metric: CONNECTOR_RUNNING_SERIES, value: new Decimal(1) }));
  return readings.map((reading) => (reading === carrier ? { ...reading, series: [...reading.series, ...series] } : reading));
}

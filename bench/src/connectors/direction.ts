import type { BenchContext } from "./bench-context.js";

/**
 * One built-in connector direction and the plain client-library loop that does the same work.
 * Each function moves `context.records` records and answers the seconds it took.
 */
export interface Direction {
  /** The connector's type, e.g. mqtt-source. */
  readonly type: string;
  /** What moves where, e.g. "MQTT QoS 1 → topic". */
  readonly path: string;
  /** The plain loop, e.g. "mqtt.js subscribe + producer.send". */
  readonly plain: string;
  connector(context: BenchContext): Promise<number>;
  plainLoop(context: BenchContext, signal: AbortSignal): Promise<number>;
}

export interface DirectionRow {
  readonly type: string;
  readonly path: string;
  readonly plain: string;
  readonly records: number;
  /** Records per second under the connector runtime. */
  readonly connectorRate: number;
  /** Records per second of the plain loop. */
  readonly plainRate: number;
}

import { withDeadline } from "../run/deadline.js";
import { BenchContext } from "./bench-context.js";
import type { Direction, DirectionRow } from "./direction.js";
import { httpSink, httpSource } from "./http-directions.js";
import { kafkaSink, kafkaSource } from "./kafka-directions.js";
import { lakeSink } from "./lake-directions.js";
import { mqttSink, mqttSource } from "./mqtt-directions.js";
import { natsSink, natsSource } from "./nats-directions.js";
import { postgresSink } from "./postgres-directions.js";

/** Every built-in connector direction, in the table's order. */
export const DIRECTIONS: readonly Direction[] = [httpSource, httpSink, mqttSource, mqttSink, natsSource, natsSink, postgresSink, kafkaSource, kafkaSink, lakeSink];

/**
 * Runs each direction under the connector runtime, then its plain loop, one after the other on two
 * local brokers (the second is the other end of the kafka rows). A run longer than `timeoutMs` fails.
 */
export async function runConnectorBench(records: number, timeoutMs: number, log: (line: string) => void, only?: readonly string[]): Promise<DirectionRow[]> {
  const context = await BenchContext.start(records, timeoutMs);
  try {
    const rows: DirectionRow[] = [];
    for (const direction of DIRECTIONS.filter((d) => only === undefined || only.includes(d.type))) {
      const connectorSeconds = await direction.connector(context);
      const plainSeconds = await withDeadline(`${direction.type} plain loop`, timeoutMs, (signal) => direction.plainLoop(context, signal));
      const row = { type: direction.type, path: direction.path, plain: direction.plain, records, connectorRate: records / connectorSeconds, plainRate: records / plainSeconds };
      log(`${direction.type}: connector ${connectorSeconds.toFixed(2)} s, plain ${plainSeconds.toFixed(2)} s`);
      rows.push(row);
    }
    return rows;
  } finally {
    await context.stop();
  }
}

import { pino } from "pino";
import type { ConnectorContext, SourceContext } from "../kit/connector.js";
import type { SourcePosition } from "../kit/record.js";
import { systemClock } from "../runtime/system-clock.js";

/** What the runtime gives a connector, for tests that drive a task directly. */
export function testContext<C>(config: C, name = "test-connector"): ConnectorContext<C> {
  return { config, name, logger: pino({ level: "silent" }), clock: systemClock };
}

export function testSourceContext<C>(config: C, position?: SourcePosition, name = "test-connector"): SourceContext<C> {
  return { ...testContext(config, name), position, maxBatch: 500 };
}

import type { Connector } from "../kit/connector.js";

/**
 * The built-in connectors by `type:`. Each is imported when asked for, so a connector process
 * loads only its own client library (mqtt, pg, …).
 */
const BUILT_IN: Readonly<Record<string, () => Promise<Connector>>> = {
  "http-sink": () => import("../connectors/http/http-sink.js").then((m) => m.default),
  "http-source": () => import("../connectors/http/http-source.js").then((m) => m.default),
  "kafka-sink": () => import("../connectors/kafka/kafka-sink.js").then((m) => m.default as Connector),
  "kafka-source": () => import("../connectors/kafka/kafka-source.js").then((m) => m.default as Connector),
  "lake-sink": () => import("../connectors/lake/lake-sink.js").then((m) => m.default as Connector),
  "mqtt-sink": () => import("../connectors/mqtt/mqtt-sink.js").then((m) => m.default),
  "mqtt-source": () => import("../connectors/mqtt/mqtt-source.js").then((m) => m.default),
  "nats-sink": () => import("../connectors/nats/nats-sink.js").then((m) => m.default as Connector),
  "nats-source": () => import("../connectors/nats/nats-source.js").then((m) => m.default as Connector),
  "postgres-sink": () => import("../connectors/postgres/postgres-sink.js").then((m) => m.default as Connector),
};

export function builtInTypes(): string[] {
  return Object.keys(BUILT_IN).sort();
}

/** The built-in connector named `type`, or undefined. */
export async function builtInConnector(type: string): Promise<Connector | undefined> {
  const load = Object.hasOwn(BUILT_IN, type) ? BUILT_IN[type] : undefined;
  return load === undefined ? undefined : load();
}

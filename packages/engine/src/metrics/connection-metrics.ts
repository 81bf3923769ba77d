import { Counter, Gauge, type Registry } from "prom-client";

/** What the Kafka listener knows about its connections. */
export interface ConnectionSource {
  readonly connectionCount: number;
  readonly connectionsOpened: number;
}

/** The Kafka listener's connections, read from it at scrape time. */
export function registerConnectionMetrics(registry: Registry, listener: ConnectionSource): void {
  const registers = [registry];
  new Gauge({
    name: "freshet_connections_open",
    help: "Client connections of the Kafka listener open now (after admission and any TLS handshake).",
    registers,
    collect() {
      this.set(listener.connectionCount);
    },
  });
  new Counter({
    name: "freshet_connections_opened_total",
    help: "Client connections the Kafka listener has served since the process started.",
    registers,
    collect() {
      this.reset();
      this.inc(listener.connectionsOpened);
    },
  });
}

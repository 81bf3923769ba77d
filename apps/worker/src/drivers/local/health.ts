import { setTimeout as sleep } from "node:timers/promises";
import { Cluster } from "@freshet/client/cluster/cluster";
import type { SaslOptions } from "@freshet/client/connection/sasl/sasl-options";
import { nodeTcpConnector } from "@freshet/client/transport/node-tcp";

export interface HealthTarget {
  readonly host: string;
  readonly port: number;
  readonly login: SaslOptions;
  /** Node ids Metadata must list as live brokers. */
  readonly nodeIds: readonly number[];
}

const RETRY_MS = 100;

/**
 * Healthy means what a tenant's client will see: a SASL login succeeds and Metadata lists
 * every SPU (the controller has them registered). Polled until then or `timeoutMs`.
 */
export async function waitHealthy(target: HealthTarget, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  for (;;) {
    signal?.throwIfAborted();
    const listed = await listedBrokers(target).catch((error: unknown) => {
      last = (error as Error).message;
      return null;
    });
    if (listed !== null) {
      if (target.nodeIds.every((id) => listed.includes(id))) return;
      last = `Metadata lists brokers [${listed.join(", ")}], expected [${target.nodeIds.join(", ")}]`;
    }
    if (Date.now() > deadline) throw new Error(`cluster at ${target.host}:${target.port} not healthy within ${timeoutMs} ms: ${last}`);
    await sleep(RETRY_MS);
  }
}

async function listedBrokers(target: HealthTarget): Promise<number[]> {
  const cluster = new Cluster({
    bootstrap: [{ host: target.host, port: target.port }],
    connector: nodeTcpConnector,
    clientId: "freshet-provisioner",
    connectTimeoutMs: 2_000,
    requestTimeoutMs: 5_000,
    retry: { retries: 0, initialDelayMs: 0, maxDelayMs: 0, factor: 1 },
    sasl: target.login,
  });
  try {
    await cluster.refreshMetadata([]);
    return cluster.info.brokers.map((broker) => broker.nodeId).sort((a, b) => a - b);
  } finally {
    await cluster.close();
  }
}

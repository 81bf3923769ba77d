import { Cluster } from "@freshet/client/cluster/cluster";
import { nodeTcpConnector } from "@freshet/client/transport/node-tcp";
import type { InternalLogin } from "../../auth/credential-store.js";
import type { BrokerAddress } from "../../topics/topics-view.js";
import { RemoteSourceReader } from "./remote-source-reader.js";
import type { SourceReader } from "./source-reader.js";

/**
 * This broker's client of its own cluster, for derived partitions whose source
 * partition is led elsewhere. It bootstraps from this broker itself (always up while
 * a task runs, and it answers Metadata for the whole cluster), is opened on first use
 * only (a standalone broker never needs it), and identifies itself with a client id
 * of its own so its reads are told apart from users' in broker logs. Where brokers
 * require SASL it logs in as the internal user, like the replica fetchers.
 */
export class RemoteSources {
  #cluster: Cluster | null = null;
  #closed = false;

  constructor(
    private readonly self: BrokerAddress,
    private readonly login: InternalLogin | undefined,
  ) {}

  open(topic: string, partition: number, from: number, signal: AbortSignal): SourceReader {
    if (this.#closed) throw new Error("remote sources are closed");
    this.#cluster ??= new Cluster({
      bootstrap: [{ host: this.self.host, port: this.self.port }],
      connector: nodeTcpConnector,
      clientId: `freshet-derivations-spu-${this.self.nodeId}`,
      sasl: this.login && { mechanism: "scram-sha-256", username: this.login.username, keys: this.login },
    });
    return new RemoteSourceReader(this.#cluster, topic, partition, from, signal);
  }

  /** Closes every connection; readers still open fail. Safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    const cluster = this.#cluster;
    this.#cluster = null;
    await cluster?.close();
  }
}

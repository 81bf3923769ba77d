import { Admin } from "./admin/admin.js";
import { Cluster, type ClusterOptions } from "./cluster/cluster.js";
import { parseBootstrap } from "./cluster/bootstrap.js";
import type { ConsumedRecord } from "./consumer/consumed-record.js";
import { consume, type ConsumeOptions } from "./consumer/consume.js";
import { consumeGroup, type ConsumeGroupOptions } from "./consumer/group/consume-group.js";
import { smartConsume, type SmartConsumed, type SmartConsumeOptions } from "./consumer/smart-consume.js";
import { Producer, type ProducerOptions } from "./producer/producer.js";
import { nodeTcpConnector } from "./transport/node-tcp.js";
import type { BrokerAddress } from "./transport/transport.js";

export interface CreateClientOptions extends Partial<Omit<ClusterOptions, "bootstrap">> {
  /** "host:port[,host:port…]" or parsed addresses. */
  readonly bootstrap: string | readonly BrokerAddress[];
  readonly clientId?: string;
}

export interface FreshetClient {
  readonly cluster: Cluster;
  readonly admin: Admin;
  producer(options?: ProducerOptions): Producer;
  consume(options: ConsumeOptions): AsyncGenerator<ConsumedRecord, void, undefined>;
  consumeGroup(options: ConsumeGroupOptions): AsyncGenerator<ConsumedRecord, void, undefined>;
  /** A topic's records through a SmartModule chain the broker runs (Freshet brokers only). */
  smartConsume(options: SmartConsumeOptions): AsyncGenerator<SmartConsumed, void, undefined>;
  /** Closes every connection; safe to call twice. */
  close(): Promise<void>;
}

/**
 * A client over TCP (node:net). For other runtimes build a Cluster with another
 * TransportConnector; nothing else in the client touches Node APIs.
 */
export function createClient(options: CreateClientOptions): FreshetClient {
  let bootstrap: readonly BrokerAddress[];
  if (typeof options.bootstrap === "string") {
    const parsed = parseBootstrap(options.bootstrap);
    if (!parsed.ok) throw new RangeError(`invalid bootstrap address: ${parsed.error}`);
    bootstrap = parsed.value;
  } else {
    bootstrap = options.bootstrap;
  }
  const cluster = new Cluster({ connector: nodeTcpConnector, ...options, bootstrap });
  const admin = new Admin(cluster);
  return {
    cluster,
    admin,
    producer: (producerOptions) => new Producer(cluster, producerOptions),
    consume: (consumeOptions) => consume(cluster, consumeOptions),
    consumeGroup: (groupOptions) => consumeGroup(cluster, groupOptions),
    smartConsume: (smartOptions) => smartConsume(cluster, smartOptions),
    close: () => cluster.close(),
  };
}

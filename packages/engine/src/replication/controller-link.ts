import { randomUUID } from "node:crypto";
import type { EngineResources } from "../system/resources.js";
import { ControllerClient } from "../controller-client/controller-client.js";
import type { BrokerAddress } from "../topics/topics-view.js";
import type { ClusterLink } from "./cluster-link.js";

/**
 * Joins the cluster whose controller listens at `sc` (proving membership with the
 * cluster's controller secret): registers this SPU with the
 * address clients and peers reach it at, heartbeats, and follows the state.
 */
export async function joinController(sc: { host: string; port: number; secret: Uint8Array }, self: BrokerAddress, resources: EngineResources): Promise<ClusterLink> {
  const client = new ControllerClient(
    // A new incarnation per process start tells the controller this SPU restarted and must be fenced.
    { host: sc.host, port: sc.port, secret: sc.secret, spu: { id: self.nodeId, host: self.host, port: self.port, incarnation: randomUUID() } },
    { logger: resources.logger },
  );
  return {
    current: () => client.current(),
    onState: (listener) => client.onState(listener),
    createTopic: (name, partitions, rf, config, explicit, assignment) => client.createTopic(name, partitions, rf, config, explicit, assignment),
    ensureTopic: (name, partitions, rf, config) => client.ensureTopic(name, partitions, rf, config),
    deleteTopic: (name) => client.deleteTopic(name),
    addPartitions: (name, total) => client.addPartitions(name, total),
    alterTopicConfig: (name, config, explicitConfig) => client.alterTopicConfig(name, config, explicitConfig),
    alterClientQuotas: (changes) => client.alterClientQuotas(changes),
    alterAcls: (change) => client.alterAcls(change),
    allocateProducerIds: (count) => client.allocateProducerIds(count),
    alterIsr: (topic, partition, leaderEpoch, isr) => client.alterIsr(topic, partition, leaderEpoch, isr),
    smartModules: client,
    close: () => client.close(),
  };
}

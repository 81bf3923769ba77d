import { KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { findCoordinator } from "@freshet/protocol/messages/find-coordinator";
import type { Cluster } from "./cluster.js";

const GROUP_KEY_TYPE = 0;

/** The node id coordinating `groupId`; COORDINATOR_NOT_AVAILABLE surfaces as a retriable error. */
export async function findGroupCoordinator(cluster: Cluster, groupId: string): Promise<number> {
  const connection = await cluster.anyConnection();
  const response = await connection.request(findCoordinator, { key: groupId, keyType: GROUP_KEY_TYPE, coordinatorKeys: [] });
  if (response.errorCode !== 0) throw new KafkaProtocolError(response.errorCode, `find coordinator of group "${groupId}"`);
  // The coordinator may be a broker this client has not seen in metadata yet.
  if (cluster.info.brokers.every((b) => b.nodeId !== response.nodeId)) await cluster.refreshMetadata([]);
  return response.nodeId;
}

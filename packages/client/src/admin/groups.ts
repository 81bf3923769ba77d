import { KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { describeGroups as describeGroupsApi } from "@freshet/protocol/messages/describe-groups";
import { listGroups as listGroupsApi } from "@freshet/protocol/messages/list-groups";
import type { Cluster } from "../cluster/cluster.js";
import { findGroupCoordinator } from "../cluster/coordinator.js";
import { CONSUMER_PROTOCOL_TYPE, decodeAssignment, decodeSubscription } from "../consumer/group/consumer-protocol.js";
import type { GroupDescription, GroupListing, GroupMemberDescription } from "./types.js";

/** Every group, asking every broker (each lists only the groups it coordinates). */
export async function listGroups(cluster: Cluster): Promise<GroupListing[]> {
  await cluster.refreshMetadata([]);
  const perBroker = await Promise.all(
    cluster.info.brokers.map(async (broker) => {
      const connection = await cluster.connectionTo(broker.nodeId);
      const response = await connection.request(listGroupsApi, { statesFilter: [], typesFilter: [] });
      if (response.errorCode !== 0) throw new KafkaProtocolError(response.errorCode, `list groups on broker ${broker.nodeId}`);
      return response.groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, coordinator: broker.nodeId }));
    }),
  );
  return perBroker.flat().sort((a, b) => a.groupId.localeCompare(b.groupId));
}

function describeMember(protocolType: string, member: { memberId: string; clientId: string; clientHost: string; memberMetadata: Uint8Array; memberAssignment: Uint8Array }): GroupMemberDescription {
  const consumer = protocolType === CONSUMER_PROTOCOL_TYPE;
  const subscription = consumer && member.memberMetadata.byteLength > 0 ? decodeSubscription(member.memberMetadata) : null;
  const assignment = consumer ? decodeAssignment(member.memberAssignment) : null;
  return {
    memberId: member.memberId,
    clientId: member.clientId,
    clientHost: member.clientHost,
    subscribedTopics: subscription?.ok ? subscription.value.topics : null,
    assignment: assignment?.ok ? assignment.value.assignedPartitions : null,
  };
}

export async function describeGroup(cluster: Cluster, groupId: string): Promise<GroupDescription> {
  return cluster.retry(async () => {
    const coordinator = await findGroupCoordinator(cluster, groupId);
    const connection = await cluster.connectionTo(coordinator);
    const response = await connection.request(describeGroupsApi, { groups: [groupId], includeAuthorizedOperations: false });
    const group = response.groups[0];
    if (group === undefined) throw new KafkaProtocolError(-1, `describe group "${groupId}": empty answer`);
    if (group.errorCode !== 0) throw new KafkaProtocolError(group.errorCode, `describe group "${groupId}"`);
    return {
      groupId: group.groupId,
      state: group.groupState,
      protocolType: group.protocolType,
      protocol: group.protocolData,
      members: group.members.map((m) => describeMember(group.protocolType, m)),
    };
  });
}

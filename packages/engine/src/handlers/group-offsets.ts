import { errorCode, type ErrorName } from "@freshet/protocol/errors/error-codes";
import { deleteGroups } from "@freshet/protocol/messages/delete-groups";
import { offsetDelete } from "@freshet/protocol/messages/offset-delete";
import { describeGroups } from "@freshet/protocol/messages/describe-groups";
import { listGroups } from "@freshet/protocol/messages/list-groups";
import { offsetCommit } from "@freshet/protocol/messages/offset-commit";
import { AUTHORIZED_OPERATIONS_OMITTED } from "@freshet/protocol/messages/metadata";
import { offsetFetch, type OffsetFetchRequest } from "@freshet/protocol/messages/offset-fetch";
import type { BrokerContext } from "./broker-context.js";
import { offsetKey } from "../groups/offset-store.js";
import { handler } from "../server/handler.js";

const EMPTY = new Uint8Array(0);

function code(name: ErrorName | "NONE"): number {
  return name === "NONE" ? 0 : errorCode(name);
}

export function offsetCommitHandler(ctx: BrokerContext) {
  return handler(offsetCommit, async (request) => {
    if (!ctx.coordinator.owns(request.groupId)) {
      const notCoordinator = errorCode("NOT_COORDINATOR");
      return {
        throttleTimeMs: 0,
        topics: request.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: notCoordinator })) })),
      };
    }
    const entries = request.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, offset: Number(p.committedOffset), metadata: p.committedMetadata })));
    const outcomes = await ctx.coordinator.commit(request.groupId, request.generationIdOrMemberEpoch, request.memberId, entries);
    let i = 0;
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: code(outcomes[i++]!) })),
      })),
    };
  });
}

type OffsetFetchTopics = OffsetFetchRequest["topics"];

/** One group's committed offsets of `topics`, null asking for all of them (v2+). */
function groupOffsets(ctx: BrokerContext, groupId: string, topics: OffsetFetchTopics) {
  if (!ctx.coordinator.owns(groupId)) return { errorCode: errorCode("NOT_COORDINATOR"), topics: [] };
  const committed = ctx.coordinator.committed(groupId);
  const wanted =
    topics ??
    Object.entries(
      [...committed.keys()].reduce<Record<string, number[]>>((acc, key) => {
        const at = key.lastIndexOf("\0");
        (acc[key.slice(0, at)] ??= []).push(Number(key.slice(at + 1)));
        return acc;
      }, {}),
    ).map(([name, partitionIndexes]) => ({ name, partitionIndexes }));
  return {
    errorCode: 0,
    topics: wanted.map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((partitionIndex) => {
        const entry = committed.get(offsetKey(t.name, partitionIndex));
        // No commit is not an error: offset -1 with empty metadata.
        return { partitionIndex, committedOffset: BigInt(entry?.offset ?? -1), committedLeaderEpoch: -1, metadata: entry?.metadata ?? "", errorCode: 0 };
      }),
    })),
  };
}

/**
 * v0-7 ask for one group, v8+ for several, answered group by group. v9's member id and
 * epoch are ignored: they only bind consumer-protocol (KIP-848) groups, and Kafka skips
 * them for classic groups, the only kind served here.
 */
export function offsetFetchHandler(ctx: BrokerContext) {
  return handler(offsetFetch, (request, { header }) => {
    if (header.apiVersion < 8) return { throttleTimeMs: 0, ...groupOffsets(ctx, request.groupId, request.topics), groups: [] };
    const groups = request.groups.map((g) => ({ groupId: g.groupId, ...groupOffsets(ctx, g.groupId, g.topics) }));
    return { throttleTimeMs: 0, errorCode: 0, topics: [], groups };
  });
}

export function describeGroupsHandler(ctx: BrokerContext) {
  return handler(describeGroups, (request) => ({
    throttleTimeMs: 0,
    groups: request.groups.map((groupId) => {
      if (!ctx.coordinator.owns(groupId)) {
        return { errorCode: errorCode("NOT_COORDINATOR"), groupId, groupState: "", protocolType: "", protocolData: "", members: [], authorizedOperations: AUTHORIZED_OPERATIONS_OMITTED };
      }
      const group = ctx.coordinator.describe(groupId);
      if (group === undefined) {
        return { errorCode: 0, groupId, groupState: "Dead", protocolType: "", protocolData: "", members: [], authorizedOperations: AUTHORIZED_OPERATIONS_OMITTED };
      }
      const stable = group.state === "Stable";
      return {
        errorCode: 0,
        groupId,
        groupState: group.state,
        protocolType: group.protocolType,
        protocolData: stable ? group.protocolName : "",
        members: [...group.members.values()].map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          memberMetadata: stable ? (m.protocols.find((p) => p.name === group.protocolName)?.metadata ?? EMPTY) : EMPTY,
          memberAssignment: stable ? m.assignment : EMPTY,
        })),
        authorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
      };
    }),
  }));
}

/** Every group here uses the classic protocol (KIP-848's "consumer" type is not served). */
const GROUP_TYPE = "classic";

export function listGroupsHandler(ctx: BrokerContext) {
  return handler(listGroups, (request) => {
    // Kafka matches both filters case-insensitively; an empty filter keeps everything.
    const states = new Set(request.statesFilter.map((s) => s.toLowerCase()));
    const types = new Set(request.typesFilter.map((t) => t.toLowerCase()));
    const groups = ctx.coordinator
      .list()
      .map((g) => ({ ...g, groupState: ctx.coordinator.describe(g.groupId)?.state ?? "Empty", groupType: GROUP_TYPE }))
      .filter((g) => (states.size === 0 || states.has(g.groupState.toLowerCase())) && (types.size === 0 || types.has(GROUP_TYPE)));
    return { throttleTimeMs: 0, errorCode: 0, groups };
  });
}

export function deleteGroupsHandler(ctx: BrokerContext) {
  return handler(deleteGroups, async (request) => ({
    throttleTimeMs: 0,
    results: await Promise.all(
      request.groupsNames.map(async (groupId) => ({
        groupId,
        errorCode: ctx.coordinator.owns(groupId) ? code(await ctx.coordinator.deleteGroup(groupId)) : errorCode("NOT_COORDINATOR"),
      })),
    ),
  }));
}

/** OffsetDelete: a group's committed offsets of partitions its members no longer consume. */
export function offsetDeleteHandler(ctx: BrokerContext) {
  return handler(offsetDelete, async (request) => {
    const partitions = request.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex })));
    const outcome = ctx.coordinator.owns(request.groupId) ? await ctx.coordinator.deleteOffsets(request.groupId, partitions) : "NOT_COORDINATOR";
    const perPartition = Array.isArray(outcome) ? outcome : null;
    let at = 0;
    return {
      errorCode: perPartition === null ? code(outcome as ErrorName) : 0,
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: perPartition === null ? 0 : code(perPartition[at++]!) })),
      })),
    };
  });
}

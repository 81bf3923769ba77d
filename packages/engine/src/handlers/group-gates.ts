/*
 * Group ACLs on the Kafka APIs, as Kafka's KafkaApis checks them: membership and offset
 * APIs need READ on the group (OffsetCommit also READ on each topic, OffsetFetch DESCRIBE),
 * DescribeGroups/ListGroups DESCRIBE, DeleteGroups/OffsetDelete DELETE. A denied group is
 * answered GROUP_AUTHORIZATION_FAILED; ListGroups leaves it out.
 * Unlike Kafka, FindCoordinator is not gated: kafkajs treats a refusal there as "no broker
 * available" and retries, hiding the cause, while the coordinator's address reveals nothing.
 */
import { errorCode } from "@freshet/protocol/errors/error-codes";
import { deleteGroups } from "@freshet/protocol/messages/delete-groups";
import { describeGroups } from "@freshet/protocol/messages/describe-groups";
import { heartbeat } from "@freshet/protocol/messages/heartbeat";
import { joinGroup } from "@freshet/protocol/messages/join-group";
import { leaveGroup } from "@freshet/protocol/messages/leave-group";
import { listGroups } from "@freshet/protocol/messages/list-groups";
import { AUTHORIZED_OPERATIONS_OMITTED } from "@freshet/protocol/messages/metadata";
import { offsetCommit } from "@freshet/protocol/messages/offset-commit";
import { offsetDelete } from "@freshet/protocol/messages/offset-delete";
import { offsetFetch } from "@freshet/protocol/messages/offset-fetch";
import { syncGroup } from "@freshet/protocol/messages/sync-group";
import { NO_RESPONSE } from "../server/handler.js";
import { gate, type Gate } from "./authorize.js";

const GROUP_DENIED = errorCode("GROUP_AUTHORIZATION_FAILED");
const TOPIC_DENIED = errorCode("TOPIC_AUTHORIZATION_FAILED");

function deniedPartitions<P extends { partitionIndex: number }>(partitions: readonly P[], code: number) {
  return partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: code }));
}

export function groupGates(): Gate[] {
  return [
    gate(joinGroup, (request, _context, next, can) =>
      can("read", "group", request.groupId)
        ? next(request)
        : { throttleTimeMs: 0, errorCode: GROUP_DENIED, generationId: -1, protocolType: null, protocolName: "", leader: "", skipAssignment: false, memberId: request.memberId, members: [] },
    ),
    gate(syncGroup, (request, _context, next, can) =>
      can("read", "group", request.groupId) ? next(request) : { throttleTimeMs: 0, errorCode: GROUP_DENIED, protocolType: null, protocolName: null, assignment: new Uint8Array(0) },
    ),
    gate(heartbeat, (request, _context, next, can) => (can("read", "group", request.groupId) ? next(request) : { throttleTimeMs: 0, errorCode: GROUP_DENIED })),
    gate(leaveGroup, (request, _context, next, can) => (can("read", "group", request.groupId) ? next(request) : { throttleTimeMs: 0, errorCode: GROUP_DENIED, members: [] })),
    gate(offsetCommit, async (request, _context, next, can) => {
      if (!can("read", "group", request.groupId)) {
        return { throttleTimeMs: 0, topics: request.topics.map((t) => ({ name: t.name, partitions: deniedPartitions(t.partitions, GROUP_DENIED) })) };
      }
      const denied = request.topics.filter((t) => !can("read", "topic", t.name));
      if (denied.length === 0) return next(request);
      const answer = await next({ ...request, topics: request.topics.filter((t) => !denied.includes(t)) });
      if (answer === NO_RESPONSE) return answer;
      return { ...answer, topics: [...answer.topics, ...denied.map((t) => ({ name: t.name, partitions: deniedPartitions(t.partitions, TOPIC_DENIED) }))] };
    }),
    gate(offsetFetch, async (request, context, next, can) => {
      // Topics the client may not describe are hidden from an all-topics answer and refused when named.
      const visible = <T extends { name: string; partitions: { errorCode: number }[] }>(topics: readonly T[], named: boolean): T[] =>
        topics.flatMap((t) => {
          if (can("describe", "topic", t.name)) return [t];
          return named ? [{ ...t, partitions: t.partitions.map((p) => ({ ...p, committedOffset: -1n, errorCode: TOPIC_DENIED })) }] : [];
        });
      if (context.header.apiVersion < 8) {
        if (!can("read", "group", request.groupId)) return { throttleTimeMs: 0, topics: [], errorCode: GROUP_DENIED, groups: [] };
        const answer = await next(request);
        if (answer === NO_RESPONSE) return answer;
        return { ...answer, topics: visible(answer.topics, request.topics !== null) };
      }
      const [allowed, denied] = [request.groups.filter((g) => can("read", "group", g.groupId)), request.groups.filter((g) => !can("read", "group", g.groupId))];
      const answer = allowed.length === 0 ? { throttleTimeMs: 0, topics: [], errorCode: 0, groups: [] } : await next({ ...request, groups: allowed });
      if (answer === NO_RESPONSE) return answer;
      const named = new Map(request.groups.map((g) => [g.groupId, g.topics !== null]));
      return {
        ...answer,
        groups: [...answer.groups.map((g) => ({ ...g, topics: visible(g.topics, named.get(g.groupId) ?? true) })), ...denied.map((g) => ({ groupId: g.groupId, topics: [], errorCode: GROUP_DENIED }))],
      };
    }),
    gate(describeGroups, async (request, _context, next, can) => {
      const denied = request.groups.filter((g) => !can("describe", "group", g));
      if (denied.length === 0) return next(request);
      const allowed = request.groups.filter((g) => !denied.includes(g));
      const answer = allowed.length === 0 ? { throttleTimeMs: 0, groups: [] } : await next({ ...request, groups: allowed });
      if (answer === NO_RESPONSE) return answer;
      const refusals = denied.map((groupId) => ({
        errorCode: GROUP_DENIED,
        groupId,
        groupState: "",
        protocolType: "",
        protocolData: "",
        members: [],
        authorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
      }));
      return { ...answer, groups: [...answer.groups, ...refusals] };
    }),
    gate(listGroups, async (request, _context, next, can) => {
      const answer = await next(request);
      if (answer === NO_RESPONSE) return answer;
      return { ...answer, groups: answer.groups.filter((g) => can("describe", "group", g.groupId)) };
    }),
    gate(deleteGroups, async (request, _context, next, can) => {
      const denied = request.groupsNames.filter((g) => !can("delete", "group", g));
      if (denied.length === 0) return next(request);
      const allowed = request.groupsNames.filter((g) => !denied.includes(g));
      const answer = allowed.length === 0 ? { throttleTimeMs: 0, results: [] } : await next({ ...request, groupsNames: allowed });
      if (answer === NO_RESPONSE) return answer;
      return { ...answer, results: [...answer.results, ...denied.map((groupId) => ({ groupId, errorCode: GROUP_DENIED }))] };
    }),
    gate(offsetDelete, async (request, _context, next, can) => {
      if (!can("delete", "group", request.groupId)) return { errorCode: GROUP_DENIED, throttleTimeMs: 0, topics: [] };
      const denied = request.topics.filter((t) => !can("read", "topic", t.name));
      if (denied.length === 0) return next(request);
      const answer = await next({ ...request, topics: request.topics.filter((t) => !denied.includes(t)) });
      if (answer === NO_RESPONSE) return answer;
      return { ...answer, topics: [...answer.topics, ...denied.map((t) => ({ name: t.name, partitions: deniedPartitions(t.partitions, TOPIC_DENIED) }))] };
    }),
  ];
}

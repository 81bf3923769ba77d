import { errorCode, type ErrorName } from "@freshet/protocol/errors/error-codes";
import { findCoordinator } from "@freshet/protocol/messages/find-coordinator";
import { heartbeat } from "@freshet/protocol/messages/heartbeat";
import { joinGroup } from "@freshet/protocol/messages/join-group";
import { leaveGroup } from "@freshet/protocol/messages/leave-group";
import { syncGroup } from "@freshet/protocol/messages/sync-group";
import type { BrokerContext } from "../broker/broker-context.js";
import { handler } from "../server/handler.js";

function code(name: ErrorName | "NONE"): number {
  return name === "NONE" ? 0 : errorCode(name);
}

export function findCoordinatorHandler(ctx: BrokerContext) {
  return handler(findCoordinator, async (request) => {
    const coordinator = await ctx.coordinatorOf(request.key);
    if (coordinator === null) {
      return { throttleTimeMs: 0, errorCode: errorCode("COORDINATOR_NOT_AVAILABLE"), errorMessage: "the group's offsets partition has no leader", nodeId: -1, host: "", port: -1 };
    }
    return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: coordinator.nodeId, host: coordinator.host, port: coordinator.port };
  });
}

const NOT_COORDINATOR = errorCode("NOT_COORDINATOR");

export function joinGroupHandler(ctx: BrokerContext) {
  return handler(joinGroup, async (request, { header, remoteAddress }) => {
    if (!ctx.coordinator.owns(request.groupId)) {
      return { throttleTimeMs: 0, errorCode: NOT_COORDINATOR, generationId: -1, protocolName: "", leader: "", memberId: request.memberId, members: [] };
    }
    const result = await ctx.coordinator.join({
      groupId: request.groupId,
      memberId: request.memberId,
      clientId: header.clientId ?? "",
      clientHost: remoteAddress,
      sessionTimeoutMs: request.sessionTimeoutMs,
      // v0 has no rebalance timeout; Kafka uses the session timeout then.
      rebalanceTimeoutMs: request.rebalanceTimeoutMs < 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs,
      protocolType: request.protocolType,
      protocols: request.protocols.map((p) => ({ name: p.name, metadata: Uint8Array.from(p.metadata) })),
      groupInstanceId: request.groupInstanceId,
    });
    return {
      throttleTimeMs: 0,
      errorCode: code(result.errorName),
      generationId: result.generationId,
      protocolName: result.protocolName,
      leader: result.leader,
      memberId: result.memberId,
      members: result.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata })),
    };
  });
}

export function syncGroupHandler(ctx: BrokerContext) {
  return handler(syncGroup, async (request) => {
    if (!ctx.coordinator.owns(request.groupId)) return { throttleTimeMs: 0, errorCode: NOT_COORDINATOR, assignment: new Uint8Array(0) };
    const result = await ctx.coordinator.sync(request.groupId, request.generationId, request.memberId, request.assignments);
    return { throttleTimeMs: 0, errorCode: code(result.errorName), assignment: result.assignment };
  });
}

export function heartbeatHandler(ctx: BrokerContext) {
  return handler(heartbeat, (request) => ({
    throttleTimeMs: 0,
    errorCode: ctx.coordinator.owns(request.groupId) ? code(ctx.coordinator.heartbeat(request.groupId, request.generationId, request.memberId)) : NOT_COORDINATOR,
  }));
}

export function leaveGroupHandler(ctx: BrokerContext) {
  return handler(leaveGroup, (request) => ({
    throttleTimeMs: 0,
    errorCode: ctx.coordinator.owns(request.groupId) ? code(ctx.coordinator.leave(request.groupId, request.memberId)) : NOT_COORDINATOR,
  }));
}

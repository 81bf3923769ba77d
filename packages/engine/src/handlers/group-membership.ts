import { errorCode, type ErrorName } from "@freshet/protocol/errors/error-codes";
import { findCoordinator } from "@freshet/protocol/messages/find-coordinator";
import { heartbeat } from "@freshet/protocol/messages/heartbeat";
import { joinGroup, type JoinGroupResponse } from "@freshet/protocol/messages/join-group";
import { leaveGroup } from "@freshet/protocol/messages/leave-group";
import { syncGroup } from "@freshet/protocol/messages/sync-group";
import type { BrokerContext } from "./broker-context.js";
import { handler } from "../server/handler.js";

function code(name: ErrorName | "NONE"): number {
  return name === "NONE" ? 0 : errorCode(name);
}

type Located = { errorCode: number; errorMessage: string | null; nodeId: number; host: string; port: number };

async function locate(ctx: BrokerContext, key: string): Promise<Located> {
  const coordinator = await ctx.coordinatorOf(key);
  if (coordinator === null) {
    return { errorCode: errorCode("COORDINATOR_NOT_AVAILABLE"), errorMessage: "the group's offsets partition has no leader", nodeId: -1, host: "", port: -1 };
  }
  return { errorCode: 0, errorMessage: null, nodeId: coordinator.nodeId, host: coordinator.host, port: coordinator.port };
}

/** key_type 2 (v6+) asks for a share-group coordinator (KIP-932). */
const SHARE_KEY_TYPE = 2;

/**
 * Share groups are not served, so their keys (and key types Kafka does not know) are
 * answered INVALID_REQUEST, as a Kafka broker without a share coordinator does.
 */
function locateByType(ctx: BrokerContext, keyType: number, key: string): Promise<Located> | Located {
  if (keyType < SHARE_KEY_TYPE) return locate(ctx, key);
  const what = keyType === SHARE_KEY_TYPE ? "share groups are not supported" : `unknown coordinator key type ${keyType}`;
  return { errorCode: errorCode("INVALID_REQUEST"), errorMessage: what, nodeId: -1, host: "", port: -1 };
}

/** v0-3 ask for one key; v4+ for a batch, answered key by key. */
export function findCoordinatorHandler(ctx: BrokerContext) {
  return handler(findCoordinator, async (request, { header }) => {
    if (header.apiVersion < 4) return { throttleTimeMs: 0, ...(await locateByType(ctx, request.keyType, request.key)), coordinators: [] };
    const coordinators = await Promise.all(request.coordinatorKeys.map(async (key) => ({ key, ...(await locateByType(ctx, request.keyType, key)) })));
    return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: -1, host: "", port: -1, coordinators };
  });
}

const NOT_COORDINATOR = errorCode("NOT_COORDINATOR");

const NO_JOIN: JoinGroupResponse = {
  throttleTimeMs: 0,
  errorCode: 0,
  generationId: -1,
  protocolType: null,
  protocolName: "",
  leader: "",
  skipAssignment: false,
  memberId: "",
  members: [],
};

export function joinGroupHandler(ctx: BrokerContext) {
  return handler(joinGroup, async (request, { header, remoteAddress }) => {
    if (!ctx.coordinator.owns(request.groupId)) {
      return { ...NO_JOIN, errorCode: NOT_COORDINATOR, memberId: request.memberId };
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
      ...NO_JOIN,
      errorCode: code(result.errorName),
      generationId: result.generationId,
      // v7+: Java clients check the protocol type and name they joined with.
      protocolType: result.errorName === "NONE" ? request.protocolType : null,
      protocolName: result.protocolName,
      leader: result.leader,
      memberId: result.memberId,
      members: result.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata })),
    };
  });
}

export function syncGroupHandler(ctx: BrokerContext) {
  return handler(syncGroup, async (request) => {
    const empty = { throttleTimeMs: 0, protocolType: null, protocolName: null, assignment: new Uint8Array(0) };
    if (!ctx.coordinator.owns(request.groupId)) return { ...empty, errorCode: NOT_COORDINATOR };
    const result = await ctx.coordinator.sync(request.groupId, request.generationId, request.memberId, request.assignments);
    if (result.errorName !== "NONE") return { ...empty, errorCode: code(result.errorName) };
    const group = ctx.coordinator.describe(request.groupId);
    return { throttleTimeMs: 0, errorCode: 0, protocolType: group?.protocolType ?? null, protocolName: group?.protocolName ?? null, assignment: result.assignment };
  });
}

export function heartbeatHandler(ctx: BrokerContext) {
  return handler(heartbeat, (request) => ({
    throttleTimeMs: 0,
    errorCode: ctx.coordinator.owns(request.groupId) ? code(ctx.coordinator.heartbeat(request.groupId, request.generationId, request.memberId)) : NOT_COORDINATOR,
  }));
}

/**
 * v0-2 name one member; v3+ a batch, where a static member may be named by its
 * group.instance.id alone (member id ""), as admin tools remove them.
 */
export function leaveGroupHandler(ctx: BrokerContext) {
  return handler(leaveGroup, (request, { header }) => {
    if (!ctx.coordinator.owns(request.groupId)) return { throttleTimeMs: 0, errorCode: NOT_COORDINATOR, members: [] };
    if (header.apiVersion < 3) return { throttleTimeMs: 0, errorCode: code(ctx.coordinator.leave(request.groupId, request.memberId)), members: [] };
    const members = request.members.map(({ memberId, groupInstanceId }) => {
      const staticId = groupInstanceId === null ? undefined : ctx.coordinator.describe(request.groupId)?.staticMembers.get(groupInstanceId);
      const leaving = memberId === "" ? staticId : memberId;
      if (leaving === undefined || (staticId !== undefined && staticId !== leaving)) return { memberId, groupInstanceId, errorCode: code("UNKNOWN_MEMBER_ID") };
      return { memberId, groupInstanceId, errorCode: code(ctx.coordinator.leave(request.groupId, leaving)) };
    });
    return { throttleTimeMs: 0, errorCode: 0, members };
  });
}

import { randomUUID } from "node:crypto";
import { CONSUMER_PROTOCOL_TYPE, decodeSubscription } from "@freshet/client/consumer/group/consumer-protocol";
import type { ErrorName } from "@freshet/protocol/errors/error-codes";
import type { EngineResources } from "../system/resources.js";
import type { TopicsView } from "../topics/topics-view.js";
import { newGroup, sameProtocols, selectProtocol, supportsCommonProtocol, type Group, type JoinResult, type Member, type ProtocolOffer, type SyncResult } from "./group.js";
import type { CommittedOffset } from "./offset-store.js";
import type { OffsetCommitEntry, OffsetStorage } from "./offset-storage.js";

/** Kafka's group.min.session.timeout.ms and group.max.session.timeout.ms defaults. */
const MIN_SESSION_TIMEOUT_MS = 6_000;
const MAX_SESSION_TIMEOUT_MS = 1_800_000;
const EMPTY = new Uint8Array(0);

export interface JoinRequest {
  readonly groupId: string;
  readonly memberId: string;
  readonly clientId: string;
  readonly clientHost: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: ProtocolOffer[];
  /** group.instance.id (JoinGroup v5+): null for a dynamic member. */
  readonly groupInstanceId: string | null;
}

export interface GroupCoordinatorOptions {
  /**
   * group.initial.rebalance.delay.ms: how long the first join of an empty group waits for more
   * members (extended by each newcomer, up to the rebalance timeout), so a group starting
   * several consumers at once rebalances once instead of once per member. Kafka's default is 3000.
   */
  readonly initialRebalanceDelayMs: number;
}

function joinError(errorName: ErrorName, memberId = ""): JoinResult {
  return { errorName, generationId: -1, protocolName: "", leader: "", memberId, members: [] };
}

/**
 * The classic group membership protocol, as Kafka's GroupCoordinator: join and
 * sync phases, generations, session expiry, and committed offsets kept in a
 * durable internal log. On a single broker it coordinates every group.
 */
export class GroupCoordinator {
  readonly #groups = new Map<string, Group>();
  readonly #initialDelayMs: number;

  constructor(
    private readonly offsets: OffsetStorage,
    private readonly topics: TopicsView,
    private readonly resources: EngineResources,
    options: GroupCoordinatorOptions,
  ) {
    this.#initialDelayMs = options.initialRebalanceDelayMs;
  }

  #group(groupId: string): Group {
    let group = this.#groups.get(groupId);
    if (group === undefined) {
      group = newGroup(groupId);
      this.#groups.set(groupId, group);
    }
    return group;
  }

  join(request: JoinRequest): Promise<JoinResult> {
    if (request.groupId === "") return Promise.resolve(joinError("INVALID_GROUP_ID"));
    if (request.sessionTimeoutMs < MIN_SESSION_TIMEOUT_MS || request.sessionTimeoutMs > MAX_SESSION_TIMEOUT_MS) {
      return Promise.resolve(joinError("INVALID_SESSION_TIMEOUT", request.memberId));
    }
    const group = this.#group(request.groupId);
    const rejoined = this.#rejoinStaticMember(group, request);
    if (rejoined !== null) return Promise.resolve(rejoined);
    let member = request.memberId === "" ? undefined : group.members.get(request.memberId);
    if (request.memberId !== "" && member === undefined) return Promise.resolve(joinError("UNKNOWN_MEMBER_ID", request.memberId));
    const others = { ...group, members: new Map([...group.members].filter(([id]) => id !== request.memberId)) };
    if (!supportsCommonProtocol(others, request.protocolType, request.protocols)) {
      return Promise.resolve(joinError("INCONSISTENT_GROUP_PROTOCOL", request.memberId));
    }
    if (member !== undefined && sameProtocols(member.protocols, request.protocols)) {
      // A resent join during CompletingRebalance, or a follower's join while Stable, changes nothing.
      const unchanged = group.state === "CompletingRebalance" || (group.state === "Stable" && member.memberId !== group.leaderId);
      if (unchanged) return Promise.resolve(this.#joinResultFor(group, member));
    }
    if (member === undefined) {
      member = {
        memberId: `${request.clientId}-${randomUUID()}`,
        groupInstanceId: request.groupInstanceId,
        clientId: request.clientId,
        clientHost: request.clientHost,
        sessionTimeoutMs: request.sessionTimeoutMs,
        rebalanceTimeoutMs: request.rebalanceTimeoutMs,
        protocols: request.protocols,
        assignment: EMPTY,
        joinWaiter: null,
        syncWaiter: null,
        sessionTimer: null,
      };
      group.members.set(member.memberId, member);
      if (member.groupInstanceId !== null) group.staticMembers.set(member.groupInstanceId, member.memberId);
      if (group.members.size === 1) group.protocolType = request.protocolType;
      if (group.initialDelay !== null) group.initialDelay.newMembers = true;
    }
    member.protocols = request.protocols;
    member.sessionTimeoutMs = request.sessionTimeoutMs;
    member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
    const joined = member;
    const result = new Promise<JoinResult>((resolve) => {
      joined.joinWaiter?.(joinError("UNKNOWN_MEMBER_ID", joined.memberId));
      joined.joinWaiter = resolve;
    });
    // A parked join needs no heartbeats; the rebalance timeout bounds it instead.
    this.#stopSession(member);
    if (group.state !== "PreparingRebalance") this.#prepareRebalance(group);
    this.#maybeCompleteJoin(group);
    return result;
  }

  /**
   * A static member coming back (empty member id, known group.instance.id) while its old
   * session still holds its place: it gets a new member id, which fences the old one, and
   * keeps its assignment. A stable group with unchanged subscriptions does not rebalance.
   */
  #rejoinStaticMember(group: Group, request: JoinRequest): JoinResult | null {
    if (request.groupInstanceId === null || request.memberId !== "") return null;
    const previousId = group.staticMembers.get(request.groupInstanceId);
    const member = previousId === undefined ? undefined : group.members.get(previousId);
    if (member === undefined) return null;
    if (group.state !== "Stable" || !sameProtocols(member.protocols, request.protocols)) {
      // Mid-rebalance or with a new subscription it joins afresh, in its old place.
      this.#removeMember(group, member, "replaced by its restarted static instance");
      return null;
    }
    group.members.delete(member.memberId);
    member.joinWaiter?.(joinError("UNKNOWN_MEMBER_ID", member.memberId));
    member.syncWaiter?.({ errorName: "UNKNOWN_MEMBER_ID", assignment: EMPTY });
    member.joinWaiter = null;
    member.syncWaiter = null;
    const wasLeader = group.leaderId === member.memberId;
    member.memberId = `${request.clientId}-${randomUUID()}`;
    member.sessionTimeoutMs = request.sessionTimeoutMs;
    member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
    group.members.set(member.memberId, member);
    group.staticMembers.set(request.groupInstanceId, member.memberId);
    if (wasLeader) group.leaderId = member.memberId;
    this.#touchSession(group, member);
    this.resources.logger.info({ group: group.id, instance: request.groupInstanceId, member: member.memberId }, "static member rejoined without a rebalance");
    return this.#joinResultFor(group, member);
  }

  #joinResultFor(group: Group, member: Member): JoinResult {
    const isLeader = member.memberId === group.leaderId;
    return {
      errorName: "NONE",
      generationId: group.generationId,
      protocolName: group.protocolName,
      leader: group.leaderId,
      memberId: member.memberId,
      members: isLeader
        ? [...group.members.values()].map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            metadata: m.protocols.find((p) => p.name === group.protocolName)?.metadata ?? EMPTY,
          }))
        : [],
    };
  }

  #prepareRebalance(group: Group): void {
    const wasEmpty = group.state === "Empty";
    group.state = "PreparingRebalance";
    for (const member of group.members.values()) {
      member.syncWaiter?.({ errorName: "REBALANCE_IN_PROGRESS", assignment: EMPTY });
      member.syncWaiter = null;
    }
    const timeout = Math.max(...[...group.members.values()].map((m) => m.rebalanceTimeoutMs), 0);
    group.rebalanceTimer?.();
    if (wasEmpty && this.#initialDelayMs > 0) {
      const delay = Math.min(this.#initialDelayMs, timeout);
      group.initialDelay = { remainingMs: Math.max(timeout - this.#initialDelayMs, 0), newMembers: false };
      group.rebalanceTimer = this.resources.clock.schedule(delay, () => this.#endInitialDelay(group));
      return;
    }
    group.rebalanceTimer = this.resources.clock.schedule(timeout, () => {
      // Members that did not rejoin within the rebalance timeout are dropped.
      for (const member of [...group.members.values()]) {
        if (member.joinWaiter === null) this.#removeMember(group, member, "did not rejoin within the rebalance timeout");
      }
      this.#maybeCompleteJoin(group, true);
    });
  }

  /** Kafka's InitialDelayedJoin: wait again while newcomers keep arriving and rebalance time is left. */
  #endInitialDelay(group: Group): void {
    const delay = group.initialDelay;
    if (delay === null) return;
    if (delay.newMembers && delay.remainingMs > 0) {
      const next = Math.min(this.#initialDelayMs, delay.remainingMs);
      group.initialDelay = { remainingMs: Math.max(delay.remainingMs - this.#initialDelayMs, 0), newMembers: false };
      group.rebalanceTimer = this.resources.clock.schedule(next, () => this.#endInitialDelay(group));
      return;
    }
    group.initialDelay = null;
    group.rebalanceTimer = null;
    this.#maybeCompleteJoin(group, true);
  }

  #maybeCompleteJoin(group: Group, force = false): void {
    if (group.state !== "PreparingRebalance") return;
    // The initial delay ends the join phase itself, with whoever joined meanwhile.
    if (group.initialDelay !== null && group.members.size > 0) return;
    const members = [...group.members.values()];
    if (!force && members.some((m) => m.joinWaiter === null)) return;
    group.rebalanceTimer?.();
    group.rebalanceTimer = null;
    group.initialDelay = null;
    group.generationId += 1;
    if (members.length === 0) {
      group.state = "Empty";
      group.leaderId = "";
      group.protocolName = "";
      return;
    }
    group.protocolName = selectProtocol(group);
    if (!group.members.has(group.leaderId)) group.leaderId = members[0]!.memberId;
    group.state = "CompletingRebalance";
    for (const member of members) {
      const waiter = member.joinWaiter;
      member.joinWaiter = null;
      waiter?.(this.#joinResultFor(group, member));
      this.#touchSession(group, member);
    }
    this.resources.logger.info({ group: group.id, generation: group.generationId, members: members.length }, "group rebalanced");
  }

  #stopSession(member: Member): void {
    member.sessionTimer?.();
    member.sessionTimer = null;
  }

  #touchSession(group: Group, member: Member): void {
    this.#stopSession(member);
    member.sessionTimer = this.resources.clock.schedule(member.sessionTimeoutMs, () => {
      this.#removeMember(group, member, "session expired");
      this.#afterMembershipChange(group);
    });
  }

  #removeMember(group: Group, member: Member, reason: string): void {
    this.#stopSession(member);
    group.members.delete(member.memberId);
    if (member.groupInstanceId !== null && group.staticMembers.get(member.groupInstanceId) === member.memberId) {
      group.staticMembers.delete(member.groupInstanceId);
    }
    member.joinWaiter?.(joinError("UNKNOWN_MEMBER_ID", member.memberId));
    member.syncWaiter?.({ errorName: "UNKNOWN_MEMBER_ID", assignment: EMPTY });
    member.joinWaiter = null;
    member.syncWaiter = null;
    this.resources.logger.info({ group: group.id, member: member.memberId, reason }, "member left group");
  }

  #afterMembershipChange(group: Group): void {
    if (group.state === "PreparingRebalance") {
      this.#maybeCompleteJoin(group);
    } else if (group.members.size === 0) {
      group.rebalanceTimer?.();
      group.rebalanceTimer = null;
      group.generationId += 1;
      group.state = "Empty";
      group.leaderId = "";
      group.protocolName = "";
    } else {
      this.#prepareRebalance(group);
    }
  }

  #validateMember(groupId: string, memberId: string, generationId: number): { group: Group; member: Member } | ErrorName {
    const group = this.#groups.get(groupId);
    const member = group?.members.get(memberId);
    if (group === undefined || member === undefined) return "UNKNOWN_MEMBER_ID";
    if (generationId !== group.generationId) return "ILLEGAL_GENERATION";
    return { group, member };
  }

  sync(groupId: string, generationId: number, memberId: string, assignments: { memberId: string; assignment: Uint8Array }[]): Promise<SyncResult> {
    const found = this.#validateMember(groupId, memberId, generationId);
    if (typeof found === "string") return Promise.resolve({ errorName: found, assignment: EMPTY });
    const { group, member } = found;
    if (group.state === "PreparingRebalance") return Promise.resolve({ errorName: "REBALANCE_IN_PROGRESS", assignment: EMPTY });
    this.#touchSession(group, member);
    if (group.state === "Stable") return Promise.resolve({ errorName: "NONE", assignment: member.assignment });
    const result = new Promise<SyncResult>((resolve) => (member.syncWaiter = resolve));
    if (memberId === group.leaderId) {
      const byMember = new Map(assignments.map((a) => [a.memberId, a.assignment]));
      group.state = "Stable";
      for (const m of group.members.values()) {
        // The assignment bytes point into the request frame; copy them to keep them.
        m.assignment = Uint8Array.from(byMember.get(m.memberId) ?? EMPTY);
        const waiter = m.syncWaiter;
        m.syncWaiter = null;
        waiter?.({ errorName: "NONE", assignment: m.assignment });
      }
    }
    return result;
  }

  heartbeat(groupId: string, generationId: number, memberId: string): ErrorName | "NONE" {
    const found = this.#validateMember(groupId, memberId, generationId);
    if (typeof found === "string") return found;
    this.#touchSession(found.group, found.member);
    return found.group.state === "PreparingRebalance" ? "REBALANCE_IN_PROGRESS" : "NONE";
  }

  leave(groupId: string, memberId: string): ErrorName | "NONE" {
    const group = this.#groups.get(groupId);
    const member = group?.members.get(memberId);
    if (group === undefined || member === undefined) return "UNKNOWN_MEMBER_ID";
    this.#removeMember(group, member, "left the group");
    this.#afterMembershipChange(group);
    return "NONE";
  }

  /** Validates a commit as Kafka's validateOffsetCommit; negative generations are "simple" admin commits. */
  #commitAllowed(groupId: string, generationId: number, memberId: string): ErrorName | "NONE" {
    const group = this.#groups.get(groupId);
    if (generationId < 0 && (group === undefined || group.state === "Empty")) return "NONE";
    if (group === undefined) return "ILLEGAL_GENERATION";
    const member = group.members.get(memberId);
    if (member === undefined) return "UNKNOWN_MEMBER_ID";
    if (generationId !== group.generationId) return "ILLEGAL_GENERATION";
    if (group.state === "CompletingRebalance") return "REBALANCE_IN_PROGRESS";
    this.#touchSession(group, member);
    return "NONE";
  }

  async commit(groupId: string, generationId: number, memberId: string, entries: OffsetCommitEntry[]): Promise<(ErrorName | "NONE")[]> {
    const allowed = this.#commitAllowed(groupId, generationId, memberId);
    if (allowed !== "NONE") return entries.map(() => allowed);
    const known = entries.map((e) => (this.topics.describe(e.topic)?.partitions.length ?? 0) > e.partition);
    await this.offsets.commit(
      groupId,
      entries.filter((_, i) => known[i]),
    );
    return known.map((k) => (k ? "NONE" : "UNKNOWN_TOPIC_OR_PARTITION"));
  }

  committed(groupId: string): Map<string, CommittedOffset> {
    return this.offsets.committedFor(groupId);
  }

  /** Whether this broker coordinates `groupId`; requests for other groups get NOT_COORDINATOR. */
  owns(groupId: string): boolean {
    return this.offsets.owns(groupId);
  }

  describe(groupId: string): Group | undefined {
    return this.#groups.get(groupId);
  }

  /** Groups with members or committed offsets. */
  list(): { groupId: string; protocolType: string }[] {
    const ids = new Set([...this.#groups.keys(), ...this.offsets.groups()]);
    return [...ids].map((groupId) => ({ groupId, protocolType: this.#groups.get(groupId)?.protocolType || "consumer" }));
  }

  async deleteGroup(groupId: string): Promise<ErrorName | "NONE"> {
    const group = this.#groups.get(groupId);
    if (group !== undefined && group.members.size > 0) return "NON_EMPTY_GROUP";
    if (group === undefined && !this.offsets.groups().includes(groupId)) return "GROUP_ID_NOT_FOUND";
    this.#groups.delete(groupId);
    await this.offsets.deleteGroup(groupId);
    return "NONE";
  }

  /**
   * OffsetDelete (KIP-496): drops the group's committed offsets of `partitions`, except those
   * of topics a live consumer member subscribes to (GROUP_SUBSCRIBED_TO_TOPIC): its members
   * would otherwise restart them from the reset policy at the next rebalance.
   */
  async deleteOffsets(groupId: string, partitions: readonly { topic: string; partition: number }[]): Promise<ErrorName | ("NONE" | "GROUP_SUBSCRIBED_TO_TOPIC")[]> {
    const group = this.#groups.get(groupId);
    if (group === undefined && !this.offsets.groups().includes(groupId)) return "GROUP_ID_NOT_FOUND";
    if (group !== undefined && group.members.size > 0 && group.protocolType !== CONSUMER_PROTOCOL_TYPE) return "NON_EMPTY_GROUP";
    const subscribed = group === undefined ? new Set<string>() : subscribedTopics(group);
    const deletable = partitions.filter((p) => !subscribed.has(p.topic));
    await this.offsets.deleteOffsets(groupId, deletable);
    return partitions.map((p) => (subscribed.has(p.topic) ? "GROUP_SUBSCRIBED_TO_TOPIC" : "NONE"));
  }

  /** Drops committed offsets of a deleted topic. */
  forgetTopic(topic: string): Promise<void> {
    return this.offsets.deleteTopic(topic);
  }

  close(): void {
    for (const group of this.#groups.values()) {
      group.rebalanceTimer?.();
      for (const member of group.members.values()) this.#stopSession(member);
    }
  }
}

/** Topics the group's members subscribe to, from their consumer-protocol metadata. */
function subscribedTopics(group: Group): Set<string> {
  const topics = new Set<string>();
  for (const member of group.members.values()) {
    const offer = member.protocols.find((p) => p.name === group.protocolName) ?? member.protocols[0];
    if (offer === undefined) continue;
    const subscription = decodeSubscription(offer.metadata);
    if (subscription.ok) for (const topic of subscription.value.topics) topics.add(topic);
  }
  return topics;
}

import { KafkaProtocolError, errorCode } from "@freshet/protocol/errors/error-codes";
import { heartbeat } from "@freshet/protocol/messages/heartbeat";
import { joinGroup } from "@freshet/protocol/messages/join-group";
import { leaveGroup } from "@freshet/protocol/messages/leave-group";
import { syncGroup } from "@freshet/protocol/messages/sync-group";
import type { Cluster } from "../../cluster/cluster.js";
import { findGroupCoordinator } from "../../cluster/coordinator.js";
import type { BrokerConnection } from "../../connection/connection.js";
import type { TimerHandle } from "../../time/clock.js";
import { CONSUMER_PROTOCOL_TYPE, decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription, type TopicPartitions } from "./consumer-protocol.js";
import { RANGE_ASSIGNOR_NAME, assignRange } from "./range-assignor.js";

export interface GroupMembershipOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Default 30 s (kafkajs); brokers accept 6 s to 30 min. */
  readonly sessionTimeoutMs?: number;
  /** Default 60 s. */
  readonly rebalanceTimeoutMs?: number;
  /** Default 3 s. */
  readonly heartbeatIntervalMs?: number;
  /**
   * A static member's stable id (KIP-345): a process that restarts under the same id takes its old
   * member's place at once, instead of waiting a session timeout for it to be dropped. Default: none.
   */
  readonly groupInstanceId?: string;
}

const MEMBER_ID_REQUIRED = errorCode("MEMBER_ID_REQUIRED");
const UNKNOWN_MEMBER_ID = errorCode("UNKNOWN_MEMBER_ID");
const ILLEGAL_GENERATION = errorCode("ILLEGAL_GENERATION");
const REBALANCE_IN_PROGRESS = errorCode("REBALANCE_IN_PROGRESS");
const NOT_COORDINATOR = errorCode("NOT_COORDINATOR");
const COORDINATOR_NOT_AVAILABLE = errorCode("COORDINATOR_NOT_AVAILABLE");
/** Answers that mean "join again", as kafkajs and the Java client react to them. */
const REJOIN_CODES = new Set([UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS, MEMBER_ID_REQUIRED]);
const MAX_JOIN_ATTEMPTS = 20;

export interface Generation {
  readonly generationId: number;
  readonly memberId: string;
  readonly assignment: readonly TopicPartitions[];
}

/**
 * One member of a classic consumer group: JoinGroup/SyncGroup (computing the range
 * assignment when elected leader), background heartbeats, and LeaveGroup. It speaks
 * protocol type "consumer" with the standard subscription/assignment bytes, so other
 * Kafka tools see a normal group.
 */
export class GroupMembership {
  readonly #cluster: Cluster;
  readonly #options: Required<Omit<GroupMembershipOptions, "groupInstanceId">> & { readonly groupInstanceId: string | null };
  #memberId = "";
  #generationId = -1;
  #coordinator: number | null = null;
  readonly #lane: string;
  #heartbeatTimer: TimerHandle | null = null;
  /** Bumped whenever heartbeats stop, so a beat still in flight does not restart the old loop. */
  #heartbeatLoop = 0;
  #rebalanceNeeded = false;
  #closed = false;

  constructor(cluster: Cluster, options: GroupMembershipOptions) {
    this.#cluster = cluster;
    this.#options = { sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 60_000, heartbeatIntervalMs: 3_000, ...options, groupInstanceId: options.groupInstanceId ?? null };
    this.#lane = cluster.newLane("group");
  }

  get groupId(): string {
    return this.#options.groupId;
  }

  get memberId(): string {
    return this.#memberId;
  }

  get generationId(): number {
    return this.#generationId;
  }

  /** Set when a heartbeat or commit learned that the group is rebalancing. */
  get rebalanceNeeded(): boolean {
    return this.#rebalanceNeeded;
  }

  markRebalanceNeeded(): void {
    this.#rebalanceNeeded = true;
  }

  async coordinatorConnection(): Promise<BrokerConnection> {
    this.#coordinator ??= await this.#cluster.retry(() => findGroupCoordinator(this.#cluster, this.#options.groupId));
    return this.#cluster.connectionTo(this.#coordinator, this.#lane);
  }

  #forgetCoordinator(): void {
    this.#coordinator = null;
  }

  /** Joins (or rejoins) and returns this member's assignment for the new generation. */
  async join(): Promise<Generation> {
    this.#stopHeartbeats();
    this.#rebalanceNeeded = false;
    for (let attempt = 0; attempt < MAX_JOIN_ATTEMPTS; attempt++) {
      const generation = await this.#cluster
        .retry(() => this.#joinOnce())
        .catch((error: unknown) => {
          if (error instanceof KafkaProtocolError && REJOIN_CODES.has(error.code)) return null;
          if (error instanceof KafkaProtocolError && error.retriable) this.#forgetCoordinator();
          throw error;
        });
      if (generation !== null) {
        this.#scheduleHeartbeat();
        return generation;
      }
    }
    throw new KafkaProtocolError(REBALANCE_IN_PROGRESS, `group "${this.#options.groupId}" did not settle after ${MAX_JOIN_ATTEMPTS} joins`);
  }

  async #joinOnce(): Promise<Generation | null> {
    const connection = await this.coordinatorConnection().catch((error: unknown) => {
      this.#forgetCoordinator();
      throw error;
    });
    const { groupId, topics, sessionTimeoutMs, rebalanceTimeoutMs } = this.#options;
    const joined = await connection.request(
      joinGroup,
      {
        groupId,
        sessionTimeoutMs,
        rebalanceTimeoutMs,
        memberId: this.#memberId,
        groupInstanceId: this.#options.groupInstanceId,
        protocolType: CONSUMER_PROTOCOL_TYPE,
        protocols: [{ name: RANGE_ASSIGNOR_NAME, metadata: encodeSubscription({ topics }) }],
        reason: null,
      },
      // The coordinator parks JoinGroup until the rebalance completes.
      { timeoutMs: rebalanceTimeoutMs + 5_000 },
    );
    if (joined.errorCode === MEMBER_ID_REQUIRED) {
      // KIP-394: the coordinator hands out our id and wants the join repeated with it.
      this.#memberId = joined.memberId;
      return null;
    }
    if (joined.errorCode === UNKNOWN_MEMBER_ID) this.#memberId = "";
    if (joined.errorCode !== 0) return this.#fail(joined.errorCode, "join group");
    this.#memberId = joined.memberId;
    this.#generationId = joined.generationId;
    const assignments = joined.leader === joined.memberId ? await this.#assign(joined.members) : [];
    const synced = await connection.request(
      syncGroup,
      { groupId, generationId: joined.generationId, memberId: joined.memberId, groupInstanceId: this.#options.groupInstanceId, protocolType: null, protocolName: null, assignments },
      { timeoutMs: rebalanceTimeoutMs + 5_000 },
    );
    if (synced.errorCode === UNKNOWN_MEMBER_ID) this.#memberId = "";
    if (synced.errorCode !== 0) return this.#fail(synced.errorCode, "sync group");
    const assignment = decodeAssignment(synced.assignment);
    if (!assignment.ok) throw new KafkaProtocolError(-1, `sync group "${groupId}": unreadable assignment (${assignment.error.message})`);
    return { generationId: this.#generationId, memberId: this.#memberId, assignment: assignment.value.assignedPartitions };
  }

  #fail(code: number, action: string): null {
    if (code === REBALANCE_IN_PROGRESS || code === ILLEGAL_GENERATION || code === UNKNOWN_MEMBER_ID) return null;
    if (code === NOT_COORDINATOR || code === COORDINATOR_NOT_AVAILABLE) this.#forgetCoordinator();
    throw new KafkaProtocolError(code, `${action} "${this.#options.groupId}"`);
  }

  /** The leader's job: range-assign every member's subscribed topics. */
  async #assign(members: ReadonlyArray<{ memberId: string; metadata: Uint8Array }>): Promise<Array<{ memberId: string; assignment: Uint8Array }>> {
    const subscriptions = members.map((member) => {
      const decoded = decodeSubscription(member.metadata);
      return { memberId: member.memberId, topics: decoded.ok ? decoded.value.topics : [] };
    });
    const topics = [...new Set(subscriptions.flatMap((s) => s.topics))];
    const counts = new Map<string, number>();
    for (const info of await this.#cluster.refreshMetadata(topics)) {
      if (info.errorCode === 0) counts.set(info.name, info.partitions.length);
    }
    const assigned = assignRange(subscriptions, counts);
    return subscriptions.map((s) => ({ memberId: s.memberId, assignment: encodeAssignment({ assignedPartitions: assigned.get(s.memberId) ?? [] }) }));
  }

  #scheduleHeartbeat(): void {
    if (this.#closed) return;
    const loop = this.#heartbeatLoop;
    this.#heartbeatTimer = this.#cluster.clock.setTimeout(() => {
      this.#heartbeatTimer = null;
      void this.#beat().finally(() => {
        if (loop === this.#heartbeatLoop && !this.#rebalanceNeeded) this.#scheduleHeartbeat();
      });
    }, this.#options.heartbeatIntervalMs);
  }

  async #beat(): Promise<void> {
    try {
      const connection = await this.coordinatorConnection();
      const response = await connection.request(heartbeat, {
        groupId: this.#options.groupId,
        generationId: this.#generationId,
        memberId: this.#memberId,
        groupInstanceId: this.#options.groupInstanceId,
      });
      if (REJOIN_CODES.has(response.errorCode)) this.#rebalanceNeeded = true;
    } catch {
      // A missed heartbeat is not fatal: the session timeout is several intervals long.
      this.#forgetCoordinator();
    }
  }

  #stopHeartbeats(): void {
    this.#heartbeatLoop += 1;
    if (this.#heartbeatTimer) this.#cluster.clock.clearTimeout(this.#heartbeatTimer);
    this.#heartbeatTimer = null;
  }

  /** Stops heartbeats and leaves the group so the others rebalance at once; safe to call twice. */
  async leave(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopHeartbeats();
    try {
      if (this.#memberId !== "") {
        const connection = await this.coordinatorConnection();
        await connection.request(leaveGroup, { groupId: this.#options.groupId, memberId: this.#memberId, members: [] });
      }
    } catch {
      // Leaving is a courtesy; the session timeout removes us anyway.
    } finally {
      this.#cluster.closeLane(this.#lane);
    }
  }
}

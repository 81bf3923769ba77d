import type { ErrorName } from "@freshet/protocol/errors/error-codes";

export type GroupState = "Empty" | "PreparingRebalance" | "CompletingRebalance" | "Stable" | "Dead";

export interface ProtocolOffer {
  readonly name: string;
  readonly metadata: Uint8Array;
}

export interface JoinResult {
  readonly errorName: ErrorName | "NONE";
  readonly generationId: number;
  readonly protocolName: string;
  readonly leader: string;
  readonly memberId: string;
  /** Filled for the leader only: every member with its metadata for the chosen protocol. */
  readonly members: { memberId: string; groupInstanceId: string | null; metadata: Uint8Array }[];
}

export interface SyncResult {
  readonly errorName: ErrorName | "NONE";
  readonly assignment: Uint8Array;
}

export interface Member {
  memberId: string;
  /** group.instance.id of a static member (KIP-345): it keeps its assignment across restarts. */
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: ProtocolOffer[];
  assignment: Uint8Array;
  /** Set while the member's JoinGroup is parked, waiting for the join phase to complete. */
  joinWaiter: ((result: JoinResult) => void) | null;
  /** Set while the member's SyncGroup is parked, waiting for the leader's assignment. */
  syncWaiter: ((result: SyncResult) => void) | null;
  /** Cancels the session timer. */
  sessionTimer: (() => void) | null;
}

export interface Group {
  readonly id: string;
  state: GroupState;
  generationId: number;
  protocolType: string;
  protocolName: string;
  leaderId: string;
  readonly members: Map<string, Member>;
  /** Member id of each static member, by group.instance.id. */
  readonly staticMembers: Map<string, string>;
  /** Cancels the pending end of the join phase (rebalance timeout or initial delay). */
  rebalanceTimer: (() => void) | null;
  /**
   * Set while the first joiners of an empty group are batched (group.initial.rebalance.delay.ms):
   * `remainingMs` of the rebalance timeout is left to extend the delay, `newMembers` says whether
   * anyone joined during the current delay.
   */
  initialDelay: { remainingMs: number; newMembers: boolean } | null;
}

export function newGroup(id: string): Group {
  return {
    id,
    state: "Empty",
    generationId: 0,
    protocolType: "",
    protocolName: "",
    leaderId: "",
    members: new Map(),
    staticMembers: new Map(),
    rebalanceTimer: null,
    initialDelay: null,
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}

export function sameProtocols(a: readonly ProtocolOffer[], b: readonly ProtocolOffer[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i]!.name && sameBytes(p.metadata, b[i]!.metadata));
}

/** Protocol every member supports, chosen by each member voting for its first supported candidate. */
export function selectProtocol(group: Group): string {
  const members = [...group.members.values()];
  const candidates = members[0]!.protocols.map((p) => p.name).filter((name) => members.every((m) => m.protocols.some((p) => p.name === name)));
  const votes = new Map<string, number>();
  for (const member of members) {
    const choice = member.protocols.find((p) => candidates.includes(p.name))!.name;
    votes.set(choice, (votes.get(choice) ?? 0) + 1);
  }
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

/** Would a member offering `protocols` share at least one protocol with everyone already in the group? */
export function supportsCommonProtocol(group: Group, protocolType: string, protocols: readonly ProtocolOffer[]): boolean {
  if (group.members.size === 0) return true;
  if (protocolType !== group.protocolType) return false;
  return protocols.some((offer) => [...group.members.values()].every((m) => m.protocols.some((p) => p.name === offer.name)));
}

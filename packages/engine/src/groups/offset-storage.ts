import type { CommittedOffset } from "./offset-store.js";

export interface OffsetCommitEntry {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly metadata: string | null;
}

/** Committed offsets of the groups this broker coordinates. */
export interface OffsetStorage {
  /** Whether this broker is the coordinator of `groupId` right now. */
  owns(groupId: string): boolean;
  /** Durable (replicated in a cluster) before it resolves. */
  commit(groupId: string, entries: readonly OffsetCommitEntry[]): Promise<void>;
  /** Offsets keyed by "topic\0partition". */
  committedFor(groupId: string): Map<string, CommittedOffset>;
  groups(): string[];
  deleteGroup(groupId: string): Promise<void>;
  /** Drops the group's committed offsets of these partitions; unknown ones are ignored. */
  deleteOffsets(groupId: string, partitions: readonly { topic: string; partition: number }[]): Promise<void>;
  deleteTopic(topic: string): Promise<void>;
  /** A log-cleaner pass over the offsets log this storage owns, if any (a cluster's replicas clean their own). */
  compact?(): Promise<void>;
  close(): Promise<void>;
}

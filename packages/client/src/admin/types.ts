export interface NewTopic {
  readonly name: string;
  /** Omitted: the broker's default. */
  readonly partitions?: number;
  /** Omitted: the broker's default. */
  readonly replicationFactor?: number;
  /** Topic configs, e.g. retention.ms, retention.bytes, segment.bytes, compression.type, freshet.durability, flush.ms. */
  readonly configs?: Readonly<Record<string, string>>;
}

export interface TopicSummary {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly isInternal: boolean;
}

export interface PartitionDescription {
  readonly partition: number;
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly logStartOffset: number;
  readonly highWatermark: number;
}

export interface ConfigEntry {
  readonly name: string;
  readonly value: string | null;
  readonly isDefault: boolean;
  readonly readOnly: boolean;
  readonly sensitive: boolean;
}

export interface TopicDescription {
  readonly name: string;
  readonly isInternal: boolean;
  readonly partitions: readonly PartitionDescription[];
  /** null when the broker does not offer DescribeConfigs. */
  readonly configs: readonly ConfigEntry[] | null;
}

export interface GroupListing {
  readonly groupId: string;
  readonly protocolType: string;
  readonly coordinator: number;
}

export interface GroupMemberDescription {
  readonly memberId: string;
  readonly clientId: string;
  readonly clientHost: string;
  /** Decoded when the group speaks the "consumer" protocol and the bytes parse. */
  readonly subscribedTopics: readonly string[] | null;
  readonly assignment: ReadonlyArray<{ readonly topic: string; readonly partitions: readonly number[] }> | null;
}

export interface GroupDescription {
  readonly groupId: string;
  readonly state: string;
  readonly protocolType: string;
  readonly protocol: string;
  readonly members: readonly GroupMemberDescription[];
}

export interface TopicPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** The next offset the group will read; null when it never committed one. */
  readonly committedOffset: number | null;
  /** The partition's high watermark. */
  readonly endOffset: number;
  /** endOffset - committedOffset (never negative); null without a committed offset. */
  readonly lag: number | null;
}

/** Where a reset moves a group: each partition's start or end, the first record at a time, or given offsets. */
export type OffsetResetTarget =
  | { readonly kind: "earliest" }
  | { readonly kind: "latest" }
  | { readonly kind: "timestamp"; readonly timestamp: number }
  | { readonly kind: "offsets"; readonly offsets: readonly TopicPartitionOffset[] };

export interface GroupOffsetReset {
  /** Topics to reset; omitted: every topic the group has offsets for. */
  readonly topics?: readonly string[];
  readonly to: OffsetResetTarget;
}

export interface PlannedOffset {
  readonly topic: string;
  readonly partition: number;
  readonly currentOffset: number | null;
  readonly newOffset: number;
}

import type { FreshetClient } from "@freshet/client/client";
import type { SourcePosition } from "../kit/record.js";
import { sinkGroupId } from "../runtime/sink-group.js";
import { ensurePositionsTopic, readSourcePosition, writeSourcePosition } from "../runtime/source-positions.js";

/**
 * A connector's offsets, as Kafka Connect's KIP-875 exposes them: a source's stored position, a
 * sink's committed offsets per topic-partition. Change them only while the connector is stopped:
 * a running sink's group has a member, so the cluster refuses (GroupNotEmptyError); a running
 * source would overwrite the change with its next position.
 */
export interface ConnectorTarget {
  readonly name: string;
  readonly kind: "source" | "sink";
}

export type ConnectorOffsets =
  | { readonly kind: "source"; readonly position: SourcePosition | null }
  | { readonly kind: "sink"; readonly partitions: ReadonlyArray<{ readonly topic: string; readonly partition: number; readonly offset: number }> };

export async function readConnectorOffsets(client: FreshetClient, target: ConnectorTarget): Promise<ConnectorOffsets> {
  if (target.kind === "source") {
    await ensurePositionsTopic(client);
    return { kind: "source", position: (await readSourcePosition(client, target.name)) ?? null };
  }
  const committed = await client.admin.fetchGroupOffsets(sinkGroupId(target.name));
  return { kind: "sink", partitions: committed.map((c) => ({ topic: c.topic, partition: c.partition, offset: c.offset })).sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition) };
}

/** Forgets the offsets: a source starts afresh, a sink from delivery.start (as a new group). */
export async function resetConnectorOffsets(client: FreshetClient, target: ConnectorTarget): Promise<void> {
  if (target.kind === "source") {
    await ensurePositionsTopic(client);
    await writeSourcePosition(client, target.name, undefined);
    return;
  }
  const groupId = sinkGroupId(target.name);
  const groups = await client.admin.listGroups();
  if (groups.some((g) => g.groupId === groupId)) await client.admin.deleteGroup(groupId);
}

/** Sets a source's position, or a sink's offsets for the partitions given (others keep theirs). */
export async function alterConnectorOffsets(client: FreshetClient, target: ConnectorTarget, offsets: ConnectorOffsets): Promise<void> {
  if (offsets.kind !== target.kind) throw new RangeError(`${target.name} is a ${target.kind}; ${offsets.kind} offsets do not apply to it`);
  if (offsets.kind === "source") {
    await ensurePositionsTopic(client);
    await writeSourcePosition(client, target.name, offsets.position ?? undefined);
    return;
  }
  await client.admin.resetGroupOffsets(sinkGroupId(target.name), { topics: [...new Set(offsets.partitions.map((p) => p.topic))], to: { kind: "offsets", offsets: offsets.partitions } });
}

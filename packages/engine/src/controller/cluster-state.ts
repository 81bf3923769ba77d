import { z } from "zod";
import { aclBindingsSchema } from "../acls/acl-bindings.js";
import { clientQuotasSchema } from "../quotas/client-quotas.js";
import { topicConfigSchema } from "../topics/topic-config.js";
import { topicDefaultsSchema } from "../topics/topic-defaults.js";

/**
 * The streaming controller's durable document (design: "Controller state"). The
 * controller is its only writer; every change bumps `stateEpoch`, which is how
 * SPUs watching it know they are behind. Liveness is not part of it: it lives in
 * the controller's memory and is added to the view SPUs receive.
 */
const spuId = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

export const partitionStateSchema = z
  .object({
    replicas: z.array(spuId).min(1),
    /** -1 while the partition is offline (no eligible replica is live). */
    leader: z.number().int().min(-1),
    leaderEpoch: z.number().int().min(0),
    isr: z.array(spuId),
  })
  .refine((p) => p.leader === -1 || p.replicas.includes(p.leader), { message: "leader is not a replica" })
  .refine((p) => p.isr.every((id) => p.replicas.includes(id)), { message: "isr is not a subset of the replicas" });

export const topicStateSchema = z.object({
  id: z.string().min(1),
  config: topicConfigSchema,
  /** Config keys the creator set; the rest are defaults (DescribeConfigs reports the difference). */
  explicitConfig: z.array(z.string()),
  createdAt: z.number().int(),
  partitions: z.array(partitionStateSchema).min(1),
});

const spuAddressSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535),
  /** Random id of the SPU process that registered last: a new one means the SPU restarted. */
  incarnation: z.string().default(""),
});

export const clusterStateSchema = z.object({
  version: z.literal(2),
  clusterId: z.string().min(1),
  stateEpoch: z.number().int().min(0),
  nextProducerId: z.number().int().min(0),
  spus: z.record(z.string().regex(/^\d+$/), spuAddressSchema),
  topics: z.record(z.string(), topicStateSchema),
  /** Client quotas (AlterClientQuotas); absent from documents written before quotas existed. */
  quotas: clientQuotasSchema.default({}),
  /** ACL bindings (CreateAcls); absent from documents written before ACLs existed. */
  acls: aclBindingsSchema.default([]),
});

/** What SPUs receive: the document plus each SPU's liveness as the controller sees it, and the controller's settings. */
export const clusterStateViewSchema = clusterStateSchema.extend({
  spus: z.record(z.string().regex(/^\d+$/), spuAddressSchema.extend({ live: z.boolean() })),
  /** How topics created without a count are made (the SC's --num-partitions); absent from an older controller. */
  topicDefaults: topicDefaultsSchema.optional(),
});

export type PartitionState = z.infer<typeof partitionStateSchema>;
export type TopicState = z.infer<typeof topicStateSchema>;
export type ClusterState = z.infer<typeof clusterStateSchema>;
export type ClusterStateView = z.infer<typeof clusterStateViewSchema>;

export function emptyClusterState(clusterId: string): ClusterState {
  return { version: 2, clusterId, stateEpoch: 0, nextProducerId: 0, spus: {}, topics: {}, quotas: {}, acls: [] };
}

/** Registered SPU ids in ascending order (the order replica assignment walks). */
export function spuIds(state: Pick<ClusterState, "spus">): number[] {
  return Object.keys(state.spus)
    .map(Number)
    .sort((a, b) => a - b);
}

export function findPartition(state: Pick<ClusterState, "topics">, topic: string, partition: number): PartitionState | undefined {
  return state.topics[topic]?.partitions[partition];
}

/** The total number of partitions in the cluster; it rotates where replica assignment starts. */
export function partitionCount(state: Pick<ClusterState, "topics">): number {
  let count = 0;
  for (const topic of Object.values(state.topics)) count += topic.partitions.length;
  return count;
}

/** Parses a state document received as JSON text; bad input is a value, not a throw. */
export function parseClusterStateView(text: string): { ok: true; value: ClusterStateView } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return { ok: false, message: `cluster state is not JSON: ${(cause as Error).message}` };
  }
  const parsed = clusterStateViewSchema.safeParse(json);
  if (!parsed.success) return { ok: false, message: `cluster state is invalid: ${parsed.error.message}` };
  return { ok: true, value: parsed.data };
}

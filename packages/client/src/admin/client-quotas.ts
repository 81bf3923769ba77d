import { KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { alterClientQuotas } from "@freshet/protocol/messages/alter-client-quotas";
import { describeClientQuotas } from "@freshet/protocol/messages/describe-client-quotas";
import type { Cluster } from "../cluster/cluster.js";

/** A quota entity: a user and/or a client id; `null` names that type's default (every user or client without its own quota). */
export interface QuotaEntity {
  readonly user?: string | null;
  readonly clientId?: string | null;
}

/** Byte rates in bytes per second; `null` removes the quota. */
export interface QuotaValues {
  readonly producerByteRate?: number | null;
  readonly consumerByteRate?: number | null;
}

export interface ClientQuotaEntry {
  readonly entity: QuotaEntity;
  readonly values: { readonly producerByteRate?: number; readonly consumerByteRate?: number };
}

const KEYS = { producerByteRate: "producer_byte_rate", consumerByteRate: "consumer_byte_rate" } as const;
/** DescribeClientQuotas match type: every entity of the component's type. */
const MATCH_ANY = 2;

function entityParts(entity: QuotaEntity): { entityType: string; entityName: string | null }[] {
  const parts: { entityType: string; entityName: string | null }[] = [];
  if (entity.user !== undefined) parts.push({ entityType: "user", entityName: entity.user });
  if (entity.clientId !== undefined) parts.push({ entityType: "client-id", entityName: entity.clientId });
  return parts;
}

function describeEntity(entity: QuotaEntity): string {
  return entityParts(entity)
    .map((p) => `${p.entityType} ${p.entityName === null ? "(default)" : `"${p.entityName}"`}`)
    .join(", ");
}

/** Sets and removes client quotas (AlterClientQuotas); any broker takes the request and the controller stores it. */
export async function alterClientQuotasOn(cluster: Cluster, changes: readonly { entity: QuotaEntity; values: QuotaValues }[]): Promise<void> {
  await cluster.retry(async () => {
    const connection = await cluster.anyConnection();
    const response = await connection.request(alterClientQuotas, {
      entries: changes.map((change) => ({
        entity: entityParts(change.entity),
        ops: Object.entries(KEYS).flatMap(([field, key]) => {
          const value = change.values[field as keyof QuotaValues];
          if (value === undefined) return [];
          return [value === null ? { key, value: 0, remove: true } : { key, value, remove: false }];
        }),
      })),
      validateOnly: false,
    });
    const failed = response.entries.find((entry) => entry.errorCode !== 0);
    if (failed !== undefined) {
      const entity = { user: failed.entity.find((p) => p.entityType === "user")?.entityName, clientId: failed.entity.find((p) => p.entityType === "client-id")?.entityName };
      throw new KafkaProtocolError(failed.errorCode, `alter client quotas of ${describeEntity(entity)}${failed.errorMessage ? ` (${failed.errorMessage})` : ""}`);
    }
  });
}

/** Every client quota the cluster holds. */
export async function describeClientQuotasOn(cluster: Cluster): Promise<ClientQuotaEntry[]> {
  return cluster.retry(async () => {
    const connection = await cluster.anyConnection();
    const entries: ClientQuotaEntry[] = [];
    // Kafka matches all given components, so users and client ids are asked for apart.
    for (const entityType of ["user", "client-id"]) {
      const response = await connection.request(describeClientQuotas, { components: [{ entityType, matchType: MATCH_ANY, match: null }], strict: false });
      if (response.errorCode !== 0) throw new KafkaProtocolError(response.errorCode, `describe client quotas${response.errorMessage ? ` (${response.errorMessage})` : ""}`);
      for (const entry of response.entries ?? []) {
        // An entity naming both types answers both questions; it is listed once.
        if (entityType === "client-id" && entry.entity.some((p) => p.entityType === "user")) continue;
        const entity: { user?: string | null; clientId?: string | null } = {};
        for (const part of entry.entity) {
          if (part.entityType === "user") entity.user = part.entityName;
          if (part.entityType === "client-id") entity.clientId = part.entityName;
        }
        const values: { producerByteRate?: number; consumerByteRate?: number } = {};
        for (const value of entry.values) {
          if (value.key === KEYS.producerByteRate) values.producerByteRate = value.value;
          if (value.key === KEYS.consumerByteRate) values.consumerByteRate = value.value;
        }
        entries.push({ entity, values });
      }
    }
    return entries;
  });
}

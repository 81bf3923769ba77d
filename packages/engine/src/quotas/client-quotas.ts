/*
 * Kafka client quotas (KIP-13, KIP-546) as the controller stores them: byte rates per
 * entity, where an entity names a user and/or a client id, each either by name or as
 * that type's default (a null name). Pure functions over the table; the controller
 * and standalone brokers persist it, SPUs enforce it.
 */
import { z } from "zod";
import type { ErrorName } from "@freshet/protocol/errors/error-codes";
import { err, ok, type Result } from "@freshet/protocol/result";

export const QUOTA_KEYS = ["producer_byte_rate", "consumer_byte_rate"] as const;
export type QuotaKey = (typeof QUOTA_KEYS)[number];
export const ENTITY_TYPES = ["user", "client-id"] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

const entityPartSchema = z.object({ entityType: z.enum(ENTITY_TYPES), entityName: z.string().nullable() });
export type EntityPart = z.infer<typeof entityPartSchema>;

/** Parts in a fixed order (user before client-id), so one entity has one key however a client lists it. */
const entitySchema = z.array(entityPartSchema).min(1).max(2);
export type QuotaEntity = z.infer<typeof entitySchema>;

const quotaValuesSchema = z.partialRecord(z.enum(QUOTA_KEYS), z.number().positive());
export type QuotaValues = z.infer<typeof quotaValuesSchema>;

export const clientQuotasSchema = z.record(z.string(), z.object({ entity: entitySchema, values: quotaValuesSchema }));
/** Entity key → the entity and its values; an entity without values is not kept. */
export type ClientQuotas = z.infer<typeof clientQuotasSchema>;

/** One entity's change, validated: values to set and keys to remove. */
export const quotaChangeSchema = z.object({ entity: entitySchema, set: quotaValuesSchema, remove: z.array(z.enum(QUOTA_KEYS)) });
export type QuotaChange = z.infer<typeof quotaChangeSchema>;

export type QuotaProblem = { readonly errorName: ErrorName; readonly message: string };

export function entityKey(entity: QuotaEntity): string {
  return entity.map((part) => `${part.entityType}=${part.entityName === null ? "<default>" : part.entityName}`).join(",");
}

/** Checks one AlterClientQuotas entry as Kafka does: known entity types and keys, positive rates, each key once. */
export function parseQuotaChange(entry: {
  entity: readonly { entityType: string; entityName: string | null }[];
  ops: readonly { key: string; value: number; remove: boolean }[];
}): Result<QuotaChange, QuotaProblem> {
  const entity: EntityPart[] = [];
  for (const part of entry.entity) {
    if (!(ENTITY_TYPES as readonly string[]).includes(part.entityType)) {
      return err({ errorName: "INVALID_REQUEST", message: `unknown quota entity type '${part.entityType}'; use user or client-id` });
    }
    if (entity.some((p) => p.entityType === part.entityType)) return err({ errorName: "INVALID_REQUEST", message: `entity type '${part.entityType}' is given twice` });
    entity.push({ entityType: part.entityType as EntityType, entityName: part.entityName });
  }
  if (entity.length === 0) return err({ errorName: "INVALID_REQUEST", message: "a quota entity needs a user or a client-id" });
  entity.sort((a, b) => ENTITY_TYPES.indexOf(a.entityType) - ENTITY_TYPES.indexOf(b.entityType));
  const set: QuotaValues = {};
  const remove: QuotaKey[] = [];
  for (const op of entry.ops) {
    if (!(QUOTA_KEYS as readonly string[]).includes(op.key)) {
      return err({ errorName: "INVALID_REQUEST", message: `unknown quota '${op.key}'; supported: ${QUOTA_KEYS.join(", ")}` });
    }
    const key = op.key as QuotaKey;
    if (key in set || remove.includes(key)) return err({ errorName: "INVALID_REQUEST", message: `quota '${key}' is changed twice for one entity` });
    if (op.remove) remove.push(key);
    else if (!Number.isFinite(op.value) || op.value <= 0) return err({ errorName: "INVALID_REQUEST", message: `quota '${key}' must be a positive number of bytes per second, got ${op.value}` });
    else set[key] = op.value;
  }
  return ok({ entity, set, remove });
}

/** The table after `changes`, in order; entities left without values are dropped. */
export function applyQuotaChanges(quotas: ClientQuotas, changes: readonly QuotaChange[]): ClientQuotas {
  const next: ClientQuotas = structuredClone(quotas);
  for (const change of changes) {
    const key = entityKey(change.entity);
    const values: QuotaValues = { ...next[key]?.values, ...change.set };
    for (const removed of change.remove) delete values[removed];
    if (Object.keys(values).length === 0) delete next[key];
    else next[key] = { entity: change.entity, values };
  }
  return next;
}

/** DescribeClientQuotas match types. */
const MATCH_EXACT = 0;
const MATCH_DEFAULT = 1;
const MATCH_ANY = 2;

export interface QuotaFilterComponent {
  readonly entityType: string;
  readonly matchType: number;
  readonly match: string | null;
}

/**
 * The entries matching every component; with `strict`, only entities naming exactly the
 * components' types (Kafka's DescribeClientQuotas semantics).
 */
export function describeQuotas(quotas: ClientQuotas, components: readonly QuotaFilterComponent[], strict: boolean): Result<ClientQuotas[string][], QuotaProblem> {
  for (const component of components) {
    if (![MATCH_EXACT, MATCH_DEFAULT, MATCH_ANY].includes(component.matchType)) {
      return err({ errorName: "INVALID_REQUEST", message: `unknown match type ${component.matchType}` });
    }
  }
  const matches = Object.values(quotas).filter((entry) => {
    if (strict && entry.entity.length !== components.length) return false;
    return components.every((component) => {
      const part = entry.entity.find((p) => p.entityType === component.entityType);
      if (part === undefined) return false;
      if (component.matchType === MATCH_ANY) return true;
      if (component.matchType === MATCH_DEFAULT) return part.entityName === null;
      return part.entityName === component.match;
    });
  });
  return ok(matches);
}

/**
 * The producer or consumer byte rate that applies to a client, and the bucket it is
 * counted in, by Kafka's precedence: the user's own, the default user's, the client
 * id's own, the default client id's. Null: unlimited.
 */
export function quotaFor(quotas: ClientQuotas, key: QuotaKey, user: string, clientId: string): { readonly rate: number; readonly bucket: string } | null {
  // Every Produce and Fetch asks: a cluster without quotas should not build four keys per request.
  if (Object.keys(quotas).length === 0) return null;
  const candidates: [QuotaEntity, string][] = [
    [[{ entityType: "user", entityName: user }], `user=${user}`],
    [[{ entityType: "user", entityName: null }], `user=${user}`],
    [[{ entityType: "client-id", entityName: clientId }], `client-id=${clientId}`],
    [[{ entityType: "client-id", entityName: null }], `client-id=${clientId}`],
  ];
  for (const [entity, bucket] of candidates) {
    const rate = quotas[entityKey(entity)]?.values[key];
    if (rate !== undefined) return { rate, bucket };
  }
  return null;
}

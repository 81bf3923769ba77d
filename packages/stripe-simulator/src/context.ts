import { z } from "zod";
import type { Metadata, Resources, StripeList } from "./objects.js";
import type { Clock, IdGenerator } from "./runtime.js";
import type { SimulatorStore } from "./store.js";
import { invalidRequest, missingResource } from "./stripe-error.js";

/** What a resource handler may use: state, time, ids, the simulator's own address and event emission. */
export interface SimulatorContext {
  readonly store: SimulatorStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly baseUrl: () => string;
  /** Records an event carrying a snapshot of `object` and sends it to the webhook endpoints. */
  readonly emit: (type: string, object: unknown) => void;
}

/** Validates form parameters; a failure names the parameter in Stripe's bracket notation. */
export function parameters<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const [head, ...rest] = (issue?.path ?? []).map(String);
  const param = head === undefined ? undefined : head + rest.map((segment) => `[${segment}]`).join("");
  if (issue?.code === "invalid_type" && issue.input === undefined && param !== undefined) throw invalidRequest(`Missing required param: ${param}.`, param, "parameter_missing");
  throw invalidRequest(`Invalid ${param ?? "request"}: ${issue?.message ?? "invalid value"}`, param, "parameter_invalid");
}

export const metadataParam = z.record(z.string(), z.string()).optional();
export const booleanParam = z.enum(["true", "false"]).transform((value) => value === "true");
export const integerParam = z
  .string()
  .regex(/^-?\d+$/, "expected an integer")
  .transform(Number);

/** Stripe's metadata update: keys merge in, and a key set to "" is removed. */
export function mergeMetadata(current: Metadata, update: Metadata | undefined): Metadata {
  if (update === undefined) return current;
  const merged = { ...current, ...update };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== ""));
}

export function existing<K extends keyof Resources>(context: SimulatorContext, kind: K, id: string, label: string, param?: string): Resources[K] {
  const found = context.store.get(kind, id);
  if (found === undefined) throw missingResource(label, id, param);
  return found;
}

const listQuery = z.object({
  limit: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1).max(100)).optional(),
  starting_after: z.string().optional(),
});

/** Stripe's list envelope over `items` sorted newest first, honouring `limit` and `starting_after`. */
export function listOf<T extends { id: string }>(items: T[], url: string, query: unknown): StripeList<T> {
  const { limit = 10, starting_after } = parameters(listQuery.loose(), query);
  const newestFirst = [...items].reverse();
  const start = starting_after === undefined ? 0 : newestFirst.findIndex((item) => item.id === starting_after) + 1;
  const page = newestFirst.slice(start, start + limit);
  return { object: "list", data: page, has_more: start + limit < newestFirst.length, url };
}

import { z } from "zod";

/** What a rule watches: a small union, since the evaluation only asks each target for a number. */
export const alertTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("topic"), topic: z.string().min(1, "Name the topic the alert watches.").max(249, "A topic name is at most 249 characters.") }),
  z.object({ kind: z.literal("connector"), connectorId: z.string().min(1, "Pick the connector the alert watches.").max(64) }),
  z.object({ kind: z.literal("pipeline"), pipelineId: z.string().min(1, "Pick the pipeline the alert watches.").max(64) }),
]);
export type AlertTarget = z.infer<typeof alertTargetSchema>;

const count = (what: string) => z.number().min(0, `${what} must be 0 or more.`).max(1e12, `${what} is too large.`);

/**
 * The rule's kind and its thresholds, stored as `kind` and `params`:
 * - stalled: no new records on the topic for the whole window;
 * - lagGrowing: the consumer group's lag on the topic went up and never down over the window;
 * - errorRate: the connector's (or the pipeline's: its connectors' and dataflow's) errors per minute
 *   over the window above maxPerMinute;
 * - throughput: the topic's records per second over the window outside [min, max].
 */
export const alertConditionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("stalled") }),
  z.object({ kind: z.literal("lagGrowing"), groupId: z.string().min(1, "Name the consumer group whose lag the alert watches.").max(255, "A consumer group id is at most 255 characters.") }),
  z.object({ kind: z.literal("errorRate"), maxPerMinute: count("The error threshold") }),
  z
    .object({ kind: z.literal("throughput"), min: count("The lowest rate").nullable(), max: count("The highest rate").nullable() })
    .refine((band) => band.min !== null || band.max !== null, "Give a lowest or a highest rate (records per second), or both.")
    .refine((band) => band.min === null || band.max === null || band.min <= band.max, "The lowest rate must not be above the highest."),
]);
export type AlertCondition = z.infer<typeof alertConditionSchema>;
export type AlertKind = AlertCondition["kind"];
export const ALERT_KINDS = ["stalled", "lagGrowing", "errorRate", "throughput"] as const satisfies readonly AlertKind[];

/** The target kinds each rule kind can read its signal from. */
export const TARGETS_OF_KIND: Record<AlertKind, readonly AlertTarget["kind"][]> = { stalled: ["topic"], lagGrowing: ["topic"], errorRate: ["connector", "pipeline"], throughput: ["topic"] };

export const WRONG_TARGET = "Stalled, lag and throughput alerts watch a topic; error-rate alerts watch a connector or a pipeline.";

export const targetFits = (kind: AlertKind, target: AlertTarget): boolean => TARGETS_OF_KIND[kind].includes(target.kind);

/** Seconds; people pick minutes in the console, tests use a few seconds. At most a week. */
export const alertWindowSchema = z.number().int("The window is a whole number of seconds.").min(1, "The window is at least 1 second.").max(604_800, "The window is at most 7 days.");

/** A rule as the API takes it: the condition's target kind must match the target. */
export const alertRuleSpecSchema = z
  .object({
    name: z.string().trim().min(1, "Name the alert.").max(80, "An alert's name is at most 80 characters."),
    target: alertTargetSchema,
    condition: alertConditionSchema,
    windowSeconds: alertWindowSchema,
  })
  .refine((rule) => targetFits(rule.condition.kind, rule.target), { message: WRONG_TARGET, path: ["target"] });
export type AlertRuleSpec = z.infer<typeof alertRuleSpecSchema>;

/** The condition back from a row's `kind` and `params` columns. */
export function conditionOf(kind: string, params: unknown): AlertCondition {
  return alertConditionSchema.parse({ ...(params as object), kind });
}

/** The `params` column of a condition: everything but its kind. */
export function paramsOf(condition: AlertCondition): Record<string, string | number | null> {
  const { kind: _kind, ...params } = condition;
  return params;
}

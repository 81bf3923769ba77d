import { clusterSettingsSchema } from "@freshet/connectors/config";
import { z } from "zod";
import { durationSchema } from "./duration.js";

/*
 * A dataflow document: named sources, operators and sinks wired by `from:` into one graph.
 * Expressions are CEL (https://cel.dev) over the record: its JSON value's fields are top-level
 * variables, plus `_key` (the current key), `_time` (event time, ms) and `_record` (the whole
 * value). This schema is the contract of the runtime, the API, the CLI and the console's builder.
 */

export const nodeIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "must be 1 to 63 lowercase letters, digits or dashes, starting with a letter");
export const topicNameSchema = z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, "must be 1 to 249 letters, digits, dots, dashes or underscores");
/** A CEL expression. */
const expression = z.string().min(1, "must be a CEL expression");
const from = z.union([nodeIdSchema, z.array(nodeIdSchema).min(1)]);

const smartModuleStep = z.strictObject({
  /** A SmartModule component (.wasm) relative to the document, or a module loaded in the cluster by name. */
  smartmodule: z.string().min(1),
  params: z.record(z.string(), z.string()).default({}),
});

export const windowSchema = z.union([
  z.strictObject({ tumbling: z.strictObject({ size: durationSchema }) }),
  z.strictObject({ hopping: z.strictObject({ size: durationSchema, slide: durationSchema }) }),
  z.strictObject({ session: z.strictObject({ gap: durationSchema }) }),
]);

const aggregateField = z.union([
  z.strictObject({ count: z.union([z.literal(true), expression]) }),
  z.strictObject({ sum: expression }),
  z.strictObject({ min: expression }),
  z.strictObject({ max: expression }),
  z.strictObject({ avg: expression }),
  z.strictObject({ countDistinct: expression }),
  z.strictObject({ percentile: z.strictObject({ of: expression, p: z.number().gt(0).lt(1) }) }),
]);

const windowed = {
  window: windowSchema,
  /** How long after a window's end (by watermark) records still update it. Default 0. */
  allowedLateness: durationSchema.default(0),
};

const operatorKinds = {
  filter: z.union([expression, smartModuleStep]),
  /** An object of output fields (name → expression), a single expression giving the new value, or a SmartModule. */
  map: z.union([expression, z.record(z.string(), expression), smartModuleStep]),
  flatMap: z.union([expression, smartModuleStep]),
  keyBy: expression,
  aggregate: z.strictObject({ ...windowed, fields: z.record(z.string(), aggregateField) }),
  topN: z.strictObject({
    n: z.number().int().min(1).max(10_000),
    by: expression,
    order: z.enum(["desc", "asc"]).default("desc"),
    /** Needed unless the input is an aggregate's output (then its windows are ranked). */
    window: windowSchema.optional(),
    allowedLateness: durationSchema.default(0),
  }),
  lookup: z.strictObject({
    /** A source read as a table: the latest value per key. */
    table: nodeIdSchema,
    /** The left side's key into the table. Default: the current key. */
    key: expression.optional(),
    /** The field the table's value is placed under. */
    as: z.string().min(1),
    /** inner drops records with no match; left keeps them with null. */
    type: z.enum(["inner", "left"]).default("inner"),
  }),
  intervalJoin: z.strictObject({
    /** The other stream (same key), joined to this operator's `from`. */
    right: nodeIdSchema,
    /** A right record joins a left one when left.time - before ≤ right.time ≤ left.time + after. */
    within: z.strictObject({ before: durationSchema.default(0), after: durationSchema }),
    as: z.strictObject({ left: z.string().min(1).default("left"), right: z.string().min(1).default("right") }).default({ left: "left", right: "right" }),
  }),
  dedup: z.strictObject({ within: durationSchema }),
  /** "Entity as a stock": per entity key and step, each measure's value, delta and moving average, and a rolling correlation. */
  stock: z.strictObject({
    step: durationSchema,
    /** Measure name → what counts: `count` (an expression that is true for relevant facts, or true) or `sum`. */
    measures: z.record(z.string(), z.union([z.strictObject({ count: z.union([z.literal(true), expression]) }), z.strictObject({ sum: expression })])),
    /** Steps in the moving average. Default 5. */
    movingAverage: z.number().int().min(1).max(1_000).default(5),
    /** Two measures whose rolling (Pearson) correlation over `correlationSteps` steps is reported. */
    correlate: z.tuple([z.string(), z.string()]).optional(),
    correlationSteps: z.number().int().min(2).max(1_000).default(10),
    allowedLateness: durationSchema.default(0),
  }),
} as const;

export type OperatorKind = keyof typeof operatorKinds;
export const OPERATOR_KINDS = Object.keys(operatorKinds) as OperatorKind[];

export const operatorSchema = z
  .strictObject({
    from,
    filter: operatorKinds.filter.optional(),
    map: operatorKinds.map.optional(),
    flatMap: operatorKinds.flatMap.optional(),
    keyBy: operatorKinds.keyBy.optional(),
    aggregate: operatorKinds.aggregate.optional(),
    topN: operatorKinds.topN.optional(),
    lookup: operatorKinds.lookup.optional(),
    intervalJoin: operatorKinds.intervalJoin.optional(),
    dedup: operatorKinds.dedup.optional(),
    stock: operatorKinds.stock.optional(),
  })
  .superRefine((op, ctx) => {
    const kinds = OPERATOR_KINDS.filter((k) => op[k] !== undefined);
    if (kinds.length !== 1) ctx.addIssue({ code: "custom", message: kinds.length === 0 ? `needs one of ${OPERATOR_KINDS.join(", ")}` : `has ${kinds.join(" and ")}: one operator per node` });
  });

export const sourceSchema = z.strictObject({
  topic: topicNameSchema,
  format: z.enum(["json", "text"]).default("json"),
  /** The record's key. Default: the Kafka record key as a string. */
  key: expression.optional(),
  /** Event time in ms since the epoch (a number, or an ISO-8601 string). Default: the record's timestamp. */
  eventTime: expression.optional(),
  watermark: z
    .strictObject({
      /** How far out of order records may arrive: the watermark trails the highest event time by this. */
      maxOutOfOrder: durationSchema.default(0),
      /** A partition idle this long stops holding the watermark back. Default: never. */
      idleTimeout: durationSchema.optional(),
    })
    .default({ maxOutOfOrder: 0 }),
  startFrom: z.enum(["earliest", "latest"]).default("earliest"),
});

export const sinkSchema = z
  .strictObject({
    from: nodeIdSchema,
    topic: topicNameSchema.optional(),
    /** A materialized view, queryable by this sink's id. */
    view: z.strictObject({ retainWindows: z.number().int().min(1).max(1_000_000).default(1_000) }).optional(),
  })
  .refine((s) => (s.topic === undefined) !== (s.view === undefined), { message: "set exactly one of topic or view", path: ["topic"] });

/** The wiring rules shared by dataflow and pipeline documents: unique names, and every `from`, join and lookup names a node. */
export function checkDataflowReferences(
  spec: {
    readonly sources: Readonly<Record<string, unknown>>;
    readonly operators: Readonly<Record<string, z.infer<typeof operatorSchema>>>;
    readonly sinks: Readonly<Record<string, { readonly from: string }>>;
  },
  ctx: z.RefinementCtx,
): void {
  const nodes = new Set([...Object.keys(spec.sources), ...Object.keys(spec.operators)]);
  for (const name of Object.keys(spec.sinks)) if (nodes.has(name)) ctx.addIssue({ code: "custom", path: ["sinks", name], message: `${name} is also a source or operator: names must be unique` });
  for (const name of Object.keys(spec.operators)) if (name in spec.sources) ctx.addIssue({ code: "custom", path: ["operators", name], message: `${name} is also a source: names must be unique` });
  const refs = (list: string | string[]) => (Array.isArray(list) ? list : [list]);
  for (const [name, op] of Object.entries(spec.operators)) {
    for (const ref of refs(op.from)) if (!nodes.has(ref)) ctx.addIssue({ code: "custom", path: ["operators", name, "from"], message: `no source or operator named ${ref}` });
    const join = op.intervalJoin;
    if (join !== undefined && !nodes.has(join.right)) ctx.addIssue({ code: "custom", path: ["operators", name, "intervalJoin", "right"], message: `no source or operator named ${join.right}` });
    const lookup = op.lookup;
    if (lookup !== undefined && !(lookup.table in spec.sources)) ctx.addIssue({ code: "custom", path: ["operators", name, "lookup", "table"], message: `no source named ${lookup.table}` });
  }
  for (const [name, sink] of Object.entries(spec.sinks))
    if (!nodes.has(sink.from)) ctx.addIssue({ code: "custom", path: ["sinks", name, "from"], message: `no source or operator named ${sink.from}` });
}

export const dataflowSpecSchema = z
  .strictObject({
    apiVersion: z.literal("freshet.io/v1"),
    kind: z.literal("Dataflow"),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be 1 to 63 lowercase letters, digits or dashes, starting with a letter or digit"),
    description: z.string().optional(),
    cluster: clusterSettingsSchema.optional(),
    /** How often state and consumed offsets are checkpointed together. Default 1 s. */
    checkpoint: z.strictObject({ interval: durationSchema.default(1_000) }).default({ interval: 1_000 }),
    sources: z.record(nodeIdSchema, sourceSchema).refine((s) => Object.keys(s).length > 0, "needs at least one source"),
    operators: z.record(nodeIdSchema, operatorSchema).default({}),
    sinks: z.record(nodeIdSchema, sinkSchema).refine((s) => Object.keys(s).length > 0, "needs at least one sink"),
    /** Node positions for the pipeline builder; no meaning to the runtime. */
    layout: z.record(z.string(), z.strictObject({ x: z.number(), y: z.number() })).optional(),
  })
  .superRefine(checkDataflowReferences);

export type DataflowSpec = z.infer<typeof dataflowSpecSchema>;
export type SourceSpec = DataflowSpec["sources"][string];
export type SinkSpec = DataflowSpec["sinks"][string];
export type WindowSpec = z.infer<typeof windowSchema>;
/** An operator node: `from` plus exactly one operator kind (checked by the schema). */
export type OperatorSpec = DataflowSpec["operators"][string];

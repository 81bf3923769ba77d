import { connectorDeliverySchema, connectorErrorsSchema, connectorTransformSchema } from "@freshet/connectors/config";
import { checkDataflowReferences, durationSchema, nodeIdSchema, operatorSchema, sourceSchema, topicNameSchema } from "@freshet/dataflow/spec";
import { z } from "zod";

/*
 * A pipeline document: the one graph the console's builder draws. Sources are topics, optionally fed
 * by a source connector; operators are the dataflow's (SmartModule steps name a module loaded in the
 * cluster, or a .wasm file); sinks are topics, materialized views or sink connectors. A pipeline
 * compiles into the things that already run on their own — connectors and one dataflow — so this
 * schema adds only what joins them. `layout` holds node positions: it has no meaning to anything
 * that runs, so moving a node never redeploys.
 */

/** A built-in connector and its settings, as in a connector document minus name, topic(s) and cluster (the pipeline supplies them). */
export const pipelineConnectorSchema = z.strictObject({
  /** A built-in connector, e.g. mqtt-source or postgres-sink. */
  type: z.string().min(1),
  /** The connector's own settings, checked against its schema. */
  config: z.record(z.string(), z.unknown()).default({}),
  transforms: z.array(connectorTransformSchema).default([]),
  errors: connectorErrorsSchema.default(connectorErrorsSchema.parse({})),
  delivery: connectorDeliverySchema.default(connectorDeliverySchema.parse({})),
});

/** A topic read by the pipeline; with `connector`, a source connector writes that topic (and the pipeline deploys it). */
export const pipelineSourceSchema = sourceSchema.extend({ connector: pipelineConnectorSchema.optional() });

const viewSchema = z.strictObject({ retainWindows: z.number().int().min(1).max(1_000_000).default(1_000) });

/**
 * Where results go: a topic, a materialized view, or a sink connector. A sink connector reads `topic`
 * (default `<pipeline>.<sink>`), which the pipeline's dataflow writes — or, when `from` is a source,
 * reads that source's topic directly and no dataflow step is needed.
 */
export const pipelineSinkSchema = z
  .strictObject({
    from: nodeIdSchema,
    topic: topicNameSchema.optional(),
    view: viewSchema.optional(),
    connector: pipelineConnectorSchema.optional(),
  })
  .superRefine((sink, ctx) => {
    if (sink.view !== undefined && (sink.topic !== undefined || sink.connector !== undefined)) ctx.addIssue({ code: "custom", path: ["view"], message: "a view sink has no topic or connector" });
    if (sink.view === undefined && sink.topic === undefined && sink.connector === undefined) ctx.addIssue({ code: "custom", path: [], message: "set one of topic, view or connector" });
  });

const pipelineName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,29}$/, "must be 1 to 30 lowercase letters, digits or dashes, starting with a letter or digit");

export const pipelineSpecSchema = z
  .strictObject({
    apiVersion: z.literal("freshet.io/v1"),
    kind: z.literal("Pipeline"),
    name: pipelineName,
    description: z.string().optional(),
    /** How often the dataflow's state and offsets are checkpointed together. Default 1 s. */
    checkpoint: z.strictObject({ interval: durationSchema.default(1_000) }).default({ interval: 1_000 }),
    sources: z.record(nodeIdSchema, pipelineSourceSchema).refine((s) => Object.keys(s).length > 0, "needs at least one source"),
    operators: z.record(nodeIdSchema, operatorSchema).default({}),
    sinks: z.record(nodeIdSchema, pipelineSinkSchema).refine((s) => Object.keys(s).length > 0, "needs at least one sink"),
    /** Node positions for the builder; no meaning to anything that runs. */
    layout: z.record(z.string(), z.strictObject({ x: z.number(), y: z.number() })).optional(),
  })
  .superRefine((spec, ctx) => {
    checkDataflowReferences(spec, ctx);
    // Connectors are deployed as `<pipeline>-<node>`, which must stay a valid 63-character name.
    for (const section of ["sources", "sinks"] as const)
      for (const [node, body] of Object.entries<{ readonly connector?: unknown }>(spec[section]))
        if (body.connector !== undefined && spec.name.length + 1 + node.length > 63)
          ctx.addIssue({ code: "custom", path: [section, node], message: `${spec.name}-${node} is longer than 63 characters: use a shorter node name` });
  });

export type PipelineSpec = z.infer<typeof pipelineSpecSchema>;
export type PipelineSource = PipelineSpec["sources"][string];
export type PipelineSink = PipelineSpec["sinks"][string];
export type PipelineConnector = z.infer<typeof pipelineConnectorSchema>;

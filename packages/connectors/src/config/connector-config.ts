import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";

/**
 * A deployed connector's YAML: what runs (`type`, or a kit-built `module`), where its records go
 * or come from, how errors and delivery behave, and the connector's own `config:` block (checked
 * later against that connector's schema). The same document runs locally and in the cloud.
 */
const name = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be 1 to 63 lowercase letters, digits or dashes, starting with a letter or digit");
const topicName = z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, "must be 1 to 249 letters, digits, dots, dashes or underscores");

const sasl = z
  .strictObject({
    mechanism: z.enum(["plain", "scram-sha-256"]).default("scram-sha-256"),
    username: z.string().min(1),
    /** The password itself, or */
    password: z.string().min(1).optional(),
    /** a file holding it (what the cloud writes, mode 0600), relative to the config file. */
    passwordFile: z.string().min(1).optional(),
  })
  .refine((s) => (s.password === undefined) !== (s.passwordFile === undefined), { message: "set exactly one of password or passwordFile", path: ["password"] });

/** Where a process connects and how it logs in: shared by connectors and dataflows. */
export const clusterSettingsSchema = z.strictObject({
  /** host:port[,host:port…] of the cluster the connector reads or writes. */
  bootstrap: z.string().min(1),
  sasl: sasl.optional(),
});

export const connectorTransformSchema = z.strictObject({
  /** A SmartModule component (.wasm), relative to the config file. */
  module: z.string().min(1),
  params: z.record(z.string(), z.string()).default({}),
});

const retry = z.strictObject({
  /** First back-off after a failed attempt. Default 200 ms. */
  initialDelayMs: z.number().int().min(1).default(200),
  /** Back-off doubles up to this. Default 10 s. */
  maxDelayMs: z.number().int().min(1).default(10_000),
  /** How long the target may stay unavailable before the connector is Failed. Default 5 min (Kafka Connect's errors.retry.timeout is 0, i.e. none). */
  timeoutMs: z.number().int().min(0).default(300_000),
});

export const connectorErrorsSchema = z.strictObject({
  /** none: a bad record fails the connector; all: it goes to the dead-letter topic and the connector goes on. */
  tolerance: z.enum(["none", "all"]).default("none"),
  /** Where bad records go under tolerance all. Default: <name>-dlq. */
  deadLetterTopic: topicName.optional(),
  retry: retry.default(retry.parse({})),
});

export const connectorDeliverySchema = z.strictObject({
  /** Records read but not yet written (sources: not yet acknowledged by the cluster) at once. Default 1000. */
  maxInFlight: z.number().int().min(1).max(1_000_000).default(1_000),
  /** Most records in one write to the target or one produce. Default 500. */
  batchSize: z.number().int().min(1).max(100_000).default(500),
  /** Sinks: where a new consumer group starts. Default beginning. */
  start: z.enum(["beginning", "end"]).default("beginning"),
});

export const connectorConfigSchema = z
  .strictObject({
    apiVersion: z.literal("v1").default("v1"),
    name,
    /** A built-in connector (`freshet connector types` lists them), e.g. mqtt-source. */
    type: z.string().min(1).optional(),
    /** A connector built with the kit: its bundled module, relative to the config file. */
    module: z.string().min(1).optional(),
    /** Sources: the topic records are produced to. */
    topic: topicName.optional(),
    /** Sinks: the topics read. */
    topics: z.array(topicName).min(1).optional(),
    cluster: clusterSettingsSchema.optional(),
    transforms: z.array(connectorTransformSchema).default([]),
    errors: connectorErrorsSchema.default(connectorErrorsSchema.parse({})),
    delivery: connectorDeliverySchema.default(connectorDeliverySchema.parse({})),
    /** The connector's own settings, checked against its schema. */
    config: z.record(z.string(), z.unknown()).default({}),
  })
  .refine((c) => (c.type === undefined) !== (c.module === undefined), { message: "set exactly one of type (a built-in connector) or module (a kit-built one)", path: ["type"] })
  .refine((c) => c.topic === undefined || c.topics === undefined, { message: "set topic (a source) or topics (a sink), not both", path: ["topic"] });

export type ConnectorConfig = z.infer<typeof connectorConfigSchema>;
export type ClusterSettings = NonNullable<ConnectorConfig["cluster"]>;

/** `errors.tolerance.all` sends bad records here. */
export function deadLetterTopicOf(config: ConnectorConfig): string {
  return config.errors.deadLetterTopic ?? `${config.name}-dlq`;
}

/** One sentence naming the field, e.g. `errors.tolerance: expected one of "none", "all"`. */
export function describeIssue(error: z.ZodError, prefix = ""): string {
  const issue = error.issues[0];
  if (issue === undefined) return "the configuration is not valid";
  const path = [prefix, ...issue.path.map(String)].filter((p) => p.length > 0).join(".");
  const message = issue.code === "unrecognized_keys" ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}` : issue.message.replace(/^Invalid (input|option): /, "");
  return path.length > 0 ? `${path}: ${message}` : message;
}

export type ParsedConfig = { readonly ok: true; readonly config: ConnectorConfig } | { readonly ok: false; readonly message: string };

/** Parses a connector YAML document; a YAML syntax error names its line, a bad field its path. */
export function parseConnectorConfig(text: string): ParsedConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, lineCounter });
  const syntax = document.errors[0];
  if (syntax !== undefined) return { ok: false, message: `the YAML does not parse at line ${lineCounter.linePos(syntax.pos[0]).line.toString()}: ${syntax.message.split("\n")[0] ?? ""}` };
  const parsed = connectorConfigSchema.safeParse(document.toJS());
  return parsed.success ? { ok: true, config: parsed.data } : { ok: false, message: describeIssue(parsed.error) };
}

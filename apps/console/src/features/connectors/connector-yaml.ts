import { stringify } from "yaml";
import { buildConfig, type ConfigField, type ConfigValues } from "./config-schema";

/** What the create form holds besides the connector's own settings. */
export interface ConnectorBasics {
  readonly name: string;
  readonly type: string;
  readonly kind: "source" | "sink";
  /** A source's target topic, or a sink's topics (one per line). */
  readonly topics: string;
  readonly tolerance: "none" | "all";
}

/** The form's field keys outside `config:`, as the API's sentences name them. */
export type BasicsField = "name" | "topic" | "topics" | "errors.tolerance";

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

export type BuiltYaml = { readonly yaml: string; readonly errors: Readonly<Record<string, string>> };

/**
 * The connector YAML the form describes (without `cluster:`, which the cloud fills in) and one
 * sentence per field it cannot take yet, keyed `name`, `topic`, `topics` or `config.<path>`.
 */
export function buildConnectorYaml(basics: ConnectorBasics, fields: readonly ConfigField[], values: ConfigValues): BuiltYaml {
  const errors: Record<string, string> = {};
  if (!NAME.test(basics.name)) errors.name = "A connector name is 1 to 63 lowercase letters, digits or dashes, starting with a letter or digit.";
  const topics = basics.topics
    .split("\n")
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  const topicKey = basics.kind === "source" ? "topic" : "topics";
  if (topics.length === 0) errors[topicKey] = basics.kind === "source" ? "A source needs the topic it writes to." : "A sink needs at least one topic to read, one per line.";
  else if (basics.kind === "source" && topics.length > 1) errors.topic = "A source writes one topic.";
  else {
    const bad = topics.find((t) => !TOPIC.test(t));
    if (bad !== undefined) errors[topicKey] = `"${bad}" is not a topic name: use 1 to 249 letters, digits, dots, dashes or underscores.`;
  }
  const built = buildConfig(fields, values);
  for (const [path, sentence] of Object.entries(built.errors)) errors[`config.${path}`] = sentence;
  const document = {
    name: basics.name,
    type: basics.type,
    ...(basics.kind === "source" ? { topic: topics[0] ?? "" } : { topics }),
    errors: { tolerance: basics.tolerance },
    config: built.config,
  };
  return { yaml: stringify(document, { lineWidth: 0 }), errors };
}

/** The field an API sentence ("config.url: …", "topic: …") is about, when the form has it. */
export function fieldOfSentence(sentence: string, known: ReadonlySet<string>): string | null {
  const path = /^([A-Za-z0-9_.]+): /.exec(sentence)?.[1];
  return path !== undefined && known.has(path) ? path : null;
}

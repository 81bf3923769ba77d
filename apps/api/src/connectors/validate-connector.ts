import { describeIssue, parseConnectorConfig, type ConnectorConfig } from "@freshet/connectors/config";
import type { Connector } from "@freshet/connectors/kit";
import type { ConnectorCatalog } from "./connector-catalog.js";

export type ValidConnector = { readonly ok: true; readonly config: ConnectorConfig; readonly connector: Connector; readonly settings: unknown };
export type ConnectorValidation = ValidConnector | { readonly ok: false; readonly message: string };

/**
 * A connector YAML as the cloud takes it: valid by the connector YAML schema, a built-in `type:`
 * (no `module:`), no `cluster:` (the cloud fills that in), the topic or topics its kind needs and a
 * `config:` block its schema accepts. Failures are one sentence naming the field.
 */
export async function validateConnectorYaml(yaml: string, catalog: ConnectorCatalog): Promise<ConnectorValidation> {
  const parsed = parseConnectorConfig(yaml);
  if (!parsed.ok) return { ok: false, message: sentence(parsed.message) };
  const { config } = parsed;
  if (config.cluster !== undefined) return { ok: false, message: "cluster: leave it out; the cloud connects the connector to its cluster with a login of its own." };
  if (config.module !== undefined || config.type === undefined)
    return { ok: false, message: `module: the cloud runs built-in connectors only (${listOf(catalog.types())}); run a kit-built one yourself.` };
  const connector = await catalog.get(config.type);
  if (connector === undefined) return { ok: false, message: `type: there is no built-in connector "${config.type}" (there are: ${listOf(catalog.types())}).` };
  if (connector.kind === "source" && config.topic === undefined) return { ok: false, message: `topic: ${connector.type} is a source and needs the topic it writes to.` };
  if (connector.kind === "sink" && config.topics === undefined) return { ok: false, message: `topics: ${connector.type} is a sink and needs the topics it reads.` };
  const settings = connector.config.safeParse(config.config);
  if (!settings.success) return { ok: false, message: sentence(describeIssue(settings.error, "config")) };
  return { ok: true, config, connector, settings: settings.data };
}

function listOf(types: string[]): string {
  return types.length === 0 ? "none yet" : types.join(", ");
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

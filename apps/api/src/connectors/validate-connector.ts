import { parseConnectorConfig, type ConnectorConfig } from "@freshet/connectors/config";
import type { Connector } from "@freshet/connectors/kit";
import { loadConnector } from "@freshet/connectors/load";
import type { ConnectorCatalog } from "./connector-catalog.js";

export type ValidConnector = { readonly ok: true; readonly config: ConnectorConfig; readonly connector: Connector; readonly settings: unknown };
export type ConnectorValidation = ValidConnector | { readonly ok: false; readonly message: string };

/**
 * A connector YAML as the cloud takes it: what the connector runtime loads (loadConnector: a known
 * `type:`, the topic or topics its kind needs, a `config:` block its schema accepts), plus the
 * cloud's own rules: no `module:` (only built-in connectors run on its hosts) and no `cluster:`
 * (the cloud fills that in). Failures are one sentence naming the field.
 */
export async function validateConnectorYaml(yaml: string, catalog: ConnectorCatalog): Promise<ConnectorValidation> {
  const parsed = parseConnectorConfig(yaml);
  if (!parsed.ok) return { ok: false, message: sentence(parsed.message) };
  const { config } = parsed;
  if (config.cluster !== undefined) return { ok: false, message: "cluster: leave it out; the cloud connects the connector to its cluster with a login of its own." };
  if (config.module !== undefined || config.type === undefined)
    return { ok: false, message: `module: the cloud runs built-in connectors only (${catalog.types().join(", ")}); run a kit-built one yourself.` };
  // No module: is left, so the base directory for relative modules is never used.
  const loaded = await loadConnector(config, "/", catalog);
  if (!loaded.ok) return { ok: false, message: sentence(loaded.message) };
  return { ok: true, config, connector: loaded.connector, settings: loaded.settings };
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

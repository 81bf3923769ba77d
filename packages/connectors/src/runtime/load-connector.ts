import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { builtInConnector, builtInTypes } from "../catalog/catalog.js";
import { describeIssue, type ConnectorConfig } from "../config/connector-config.js";
import type { Connector } from "../kit/connector.js";

/** Where `type:` names are looked up: the built-in connectors, or a catalog of a test's own. */
export interface ConnectorCatalog {
  types(): string[];
  get(type: string): Promise<Connector | undefined>;
}

export const builtInCatalog: ConnectorCatalog = { types: builtInTypes, get: builtInConnector };

export type Loaded = { readonly ok: true; readonly connector: Connector; readonly settings: unknown } | { readonly ok: false; readonly message: string };

function isConnector(value: unknown): value is Connector {
  const candidate = value as Partial<Connector> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    (candidate.kind === "source" || candidate.kind === "sink") &&
    typeof candidate.type === "string" &&
    typeof candidate.open === "function" &&
    typeof candidate.check === "function" &&
    typeof candidate.config?.safeParse === "function"
  );
}

/** A kit-built connector: the module's default export, made with defineSource or defineSink. */
async function importModule(path: string): Promise<Connector | string> {
  let loaded: { default?: unknown };
  try {
    loaded = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (cause) {
    return `cannot load the connector module ${path}: ${(cause as Error).message.split("\n")[0] ?? ""}`;
  }
  return isConnector(loaded.default) ? loaded.default : `the connector module ${path} does not export a connector as default (use defineSource or defineSink)`;
}

/**
 * The connector a config names and its `config:` block validated by that connector's schema.
 * `baseDir` resolves a relative `module:` (the config file's folder); `catalog` answers `type:`.
 */
export async function loadConnector(config: ConnectorConfig, baseDir: string, catalog: ConnectorCatalog = builtInCatalog): Promise<Loaded> {
  let connector: Connector | string;
  if (config.module !== undefined) {
    connector = await importModule(isAbsolute(config.module) ? config.module : resolve(baseDir, config.module));
  } else {
    const type = config.type ?? "";
    connector = (await catalog.get(type)) ?? `type: there is no built-in connector "${type}" (there are: ${catalog.types().join(", ")})`;
  }
  if (typeof connector === "string") return { ok: false, message: connector };
  if (connector.kind === "source" && config.topic === undefined) return { ok: false, message: `topic: ${connector.type} is a source and needs the topic it writes to` };
  if (connector.kind === "sink" && config.topics === undefined) return { ok: false, message: `topics: ${connector.type} is a sink and needs the topics it reads` };
  const settings = connector.config.safeParse(config.config);
  if (!settings.success) return { ok: false, message: describeIssue(settings.error, "config") };
  return { ok: true, connector, settings: settings.data };
}

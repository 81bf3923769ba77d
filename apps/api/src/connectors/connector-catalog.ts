import { builtInConnector, builtInTypes } from "@freshet/connectors/catalog";
import type { Connector } from "@freshet/connectors/kit";

/**
 * The connectors the cloud runs: the built-in ones by `type:`. Kit-built modules are code of the
 * user's and run only where the user runs them (`freshet connector run` on their machine), never
 * on the cloud's hosts. Tests give the API their own catalog.
 */
export interface ConnectorCatalog {
  types(): string[];
  get(type: string): Promise<Connector | undefined>;
}

export const builtInCatalog: ConnectorCatalog = { types: builtInTypes, get: builtInConnector };

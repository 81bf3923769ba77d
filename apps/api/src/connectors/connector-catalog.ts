/**
 * The connectors the cloud runs: the built-in ones by `type:`. Kit-built modules are code of the
 * user's and run only where the user runs them (`freshet connector run` on their machine), never
 * on the cloud's hosts. Tests give the API their own catalog (a source whose check they control).
 */
export { builtInCatalog, type ConnectorCatalog } from "@freshet/connectors/load";

import { parseDocument } from "yaml";

export interface ClusterAccess {
  /** host:port of the cluster's bootstrap broker. */
  readonly bootstrap: string;
  readonly username: string;
}

/**
 * The YAML a connector process runs: the user's document (kept as written, comments included)
 * with its `cluster:` section set to the cluster it belongs to and its own login, the password
 * in the `password` file beside it. The API refuses a user's `cluster:`, so nothing is overridden.
 */
export function connectorYaml(userYaml: string, access: ClusterAccess): string {
  const document = parseDocument(userYaml);
  document.set("cluster", { bootstrap: access.bootstrap, sasl: { mechanism: "scram-sha-256", username: access.username, passwordFile: "password" } });
  return document.toString();
}

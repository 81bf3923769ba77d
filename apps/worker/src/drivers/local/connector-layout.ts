import { join, sep } from "node:path";

/**
 * Where a connector lives on disk: `<cluster root>/connectors/<connectorId>/` holds the YAML it
 * runs, its password file (0600), its record (pid, start time), its log, and `data/`, the
 * process's --data-dir (the runtime's connector-status.json). Removed with the cluster.
 */
export class ConnectorLayout {
  readonly root: string;

  constructor(
    clusterRoot: string,
    readonly connectorId: string,
  ) {
    this.root = join(connectorsDirOf(clusterRoot), connectorId);
  }

  get configFile(): string {
    return join(this.root, "connector.yaml");
  }

  /** Named relative to the YAML (`passwordFile: password`), which is how the runtime resolves it. */
  get passwordFile(): string {
    return join(this.root, "password");
  }

  get recordFile(): string {
    return join(this.root, "run.json");
  }

  get logFile(): string {
    return join(this.root, "connector.log");
  }

  get dataDir(): string {
    return join(this.root, "data");
  }
}

export function connectorsDirOf(clusterRoot: string): string {
  return join(clusterRoot, "connectors");
}

/** The connector id a process's --data-dir belongs to, if it is a connector data directory of this cluster. */
export function connectorIdOfDataDir(clusterRoot: string, dataDir: string): string | null {
  const prefix = connectorsDirOf(clusterRoot) + sep;
  if (!dataDir.startsWith(prefix)) return null;
  const [connectorId, data, ...rest] = dataDir.slice(prefix.length).split(sep);
  return connectorId !== undefined && connectorId.length > 0 && data === "data" && rest.length === 0 ? connectorId : null;
}

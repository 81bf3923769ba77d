import { join, sep } from "node:path";

/**
 * Where a dataflow lives on disk: `<cluster root>/dataflows/<dataflowId>/` holds the document it
 * runs, its password file (0600), its record (pid, start time), its log, and `data/`, the
 * process's --data-dir (runtime file, dataflow-status.json, lmdb state). Removed with the cluster.
 */
export class DataflowLayout {
  readonly root: string;

  constructor(
    clusterRoot: string,
    readonly dataflowId: string,
  ) {
    this.root = join(dataflowsDirOf(clusterRoot), dataflowId);
  }

  get configFile(): string {
    return join(this.root, "dataflow.yaml");
  }

  /** Named relative to the document (`passwordFile: password`). */
  get passwordFile(): string {
    return join(this.root, "password");
  }

  get recordFile(): string {
    return join(this.root, "run.json");
  }

  get logFile(): string {
    return join(this.root, "dataflow.log");
  }

  get dataDir(): string {
    return join(this.root, "data");
  }
}

export function dataflowsDirOf(clusterRoot: string): string {
  return join(clusterRoot, "dataflows");
}

/** The dataflow id a process's --data-dir belongs to, if it is a dataflow data directory of this cluster. */
export function dataflowIdOfDataDir(clusterRoot: string, dataDir: string): string | null {
  const prefix = dataflowsDirOf(clusterRoot) + sep;
  if (!dataDir.startsWith(prefix)) return null;
  const [dataflowId, data, ...rest] = dataDir.slice(prefix.length).split(sep);
  return dataflowId !== undefined && dataflowId.length > 0 && data === "data" && rest.length === 0 ? dataflowId : null;
}

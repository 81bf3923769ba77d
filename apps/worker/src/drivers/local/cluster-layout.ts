import { join, sep } from "node:path";
import { CONTROLLER_SECRET_FILE } from "@freshet/client/admin/controller-secret";

/** The processes of one cluster: its controller, then SPUs spu-0 … spu-(N-1). */
export type MemberName = "sc" | `spu-${number}`;

export function memberNames(spus: number): MemberName[] {
  return ["sc", ...Array.from({ length: spus }, (_, id) => `spu-${id}` as const)];
}

export interface MemberPaths {
  /** The process's --data-dir (its topics, metadata and spu.json). */
  readonly dataDir: string;
  /** Who runs it: pid, start time and port (see member-record.ts). */
  readonly recordFile: string;
  /** stdout and stderr across all its lives. */
  readonly logFile: string;
}

/**
 * Where a cluster lives on disk: `<cloud data>/clusters/<clusterId>/` holds the credentials
 * file, the controller secret file (created by the SC, presented by the SPUs), one data directory
 * per member, and tls/, run/ and logs/ beside them (outside the data
 * directories, which belong to the engine).
 */
export class ClusterLayout {
  readonly root: string;

  constructor(
    readonly clustersDir: string,
    readonly clusterId: string,
  ) {
    this.root = join(clustersDir, clusterId);
  }

  get credentialsFile(): string {
    return join(this.root, "credentials.json");
  }

  /** The cluster's CA certificate (handed to clients) and its brokers' certificate and key. */
  get tls(): { readonly caFile: string; readonly certFile: string; readonly keyFile: string } {
    const dir = join(this.root, "tls");
    return { caFile: join(dir, "ca.pem"), certFile: join(dir, "broker.pem"), keyFile: join(dir, "broker-key.pem") };
  }

  get controllerSecretFile(): string {
    return join(this.root, CONTROLLER_SECRET_FILE);
  }

  get runDir(): string {
    return join(this.root, "run");
  }

  get logsDir(): string {
    return join(this.root, "logs");
  }

  member(name: MemberName): MemberPaths {
    return { dataDir: join(this.root, name), recordFile: join(this.runDir, `${name}.json`), logFile: join(this.logsDir, `${name}.log`) };
  }
}

/** The cluster id a member's data directory belongs to, if it lies under `clustersDir`. */
export function clusterIdOfDataDir(clustersDir: string, dataDir: string): string | null {
  const prefix = clustersDir.endsWith(sep) ? clustersDir : clustersDir + sep;
  if (!dataDir.startsWith(prefix)) return null;
  const [clusterId, member, ...rest] = dataDir.slice(prefix.length).split(sep);
  return clusterId !== undefined && clusterId.length > 0 && member !== undefined && rest.length === 0 ? clusterId : null;
}

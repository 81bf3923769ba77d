import type { ClusterDescription } from "@freshet/client/admin/cluster-description";
import type { ProcessHost } from "./process-host.js";

/** The SC's API address and the cluster's controller secret file, which every request to it must present. */
export interface ControllerTarget {
  readonly host: string;
  readonly port: number;
  readonly secretFile: string;
}

/** What multi-process cluster orchestration works with; tests pass a simulated machine and controller. */
export interface LocalClusterDeps {
  readonly machine: ProcessHost;
  /** DescribeCluster at the streaming controller. */
  readonly describeCluster: (sc: ControllerTarget) => Promise<ClusterDescription>;
  /** Where "still waiting" and other progress lines go (stderr). */
  readonly progress: (line: string) => Promise<void>;
  /** How long each phase (processes listening, controller seeing SPUs live) may take. */
  readonly readyTimeoutMs: number;
}

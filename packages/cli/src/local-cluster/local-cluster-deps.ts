import type { ClusterDescription } from "@freshet/client/admin/cluster-description";
import type { ProcessHost } from "./process-host.js";

/** What multi-process cluster orchestration works with; tests pass a simulated machine and controller. */
export interface LocalClusterDeps {
  readonly machine: ProcessHost;
  /** DescribeCluster at the streaming controller's API address. */
  readonly describeCluster: (address: { readonly host: string; readonly port: number }) => Promise<ClusterDescription>;
  /** Where "still waiting" and other progress lines go (stderr). */
  readonly progress: (line: string) => Promise<void>;
  /** How long each phase (processes listening, controller seeing SPUs live) may take. */
  readonly readyTimeoutMs: number;
}

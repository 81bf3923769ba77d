/** What the manifests of one tenant cluster are made from: the cluster's spec and the driver's settings. */
export interface MemberResources {
  /** CPU each member (SC or SPU) requests and is limited to, e.g. "500m". */
  readonly cpu: string;
  /** Memory each member requests and is limited to, e.g. "1Gi". */
  readonly memory: string;
  /** Volume size of each member's data, e.g. "10Gi". */
  readonly storage: string;
}

export interface TenantPlan {
  readonly clusterId: string;
  readonly namespace: string;
  readonly spus: number;
  /** Most partitions of the cluster's topics (the plan's limit, enforced by the SC). */
  readonly maxPartitions: number;
  /** The engine's container image (apps/spu-worker). */
  readonly image: string;
  /** StorageClass of the members' volumes; undefined: the cluster's default class. */
  readonly storageClass: string | undefined;
  readonly resources: MemberResources;
  /** Where the control plane runs: its pods may reach the tenant's brokers and controller. */
  readonly controlPlaneNamespace: string;
  /** The cluster's DNS domain, "cluster.local" unless the cluster was set up otherwise. */
  readonly clusterDomain: string;
}

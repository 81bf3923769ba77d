/**
 * Names every object of a tenant cluster carries in its namespace, and the labels that
 * find them again. One namespace per cluster: deleting it deletes everything the tenant had.
 */

/** Labels every object the driver makes carries; `clusterIds` lists namespaces by them. */
export const LABELS = {
  managedBy: "app.kubernetes.io/managed-by",
  name: "app.kubernetes.io/name",
  component: "app.kubernetes.io/component",
  clusterId: "freshet.dev/cluster-id",
} as const;

export const MANAGED_BY = "freshet";

/** The annotation holding the hash of what the driver last applied (see kube-objects.ts). */
export const APPLIED_HASH_ANNOTATION = "freshet.dev/applied-hash";

export type Component = "sc" | "spu";

/** Object names inside a tenant namespace. */
export const NAMES = {
  sc: "sc",
  scData: "sc-data",
  /** The StatefulSet and its headless Service; pods are spu-0 … spu-(N-1). */
  spu: "spu",
  credentials: "credentials",
  controller: "controller",
  tls: "broker-tls",
  quota: "tenant-quota",
  limits: "tenant-limits",
  networkPolicy: "tenant-isolation",
} as const;

/** The per-SPU Service (and pod) name: clients reach SPU `id` at it. */
export function spuName(id: number): string {
  return `${NAMES.spu}-${id}`;
}

export const PORTS = { kafka: 9092, sc: 9003, metrics: 9100 } as const;

/** Where pods find their files (the engine's flags name these paths). */
export const MOUNTS = {
  data: "/var/lib/freshet",
  credentials: "/etc/freshet/credentials",
  /** The controller secret as the kubelet mounts it (group-readable once fsGroup applies)… */
  controllerSource: "/etc/freshet/controller-source",
  /** …and the owner-only copy the engine reads (see workload-manifests.ts). */
  controller: "/etc/freshet/controller",
  tls: "/etc/freshet/tls",
} as const;

/**
 * The namespace of a cluster: the prefix, then the id with `_` made `-` (namespace names are
 * DNS labels). The id itself is kept in a label, whose values may hold `_`.
 */
export function namespaceOf(prefix: string, clusterId: string): string {
  return `${prefix}${clusterId.toLowerCase().replaceAll("_", "-")}`;
}

export function labelsOf(clusterId: string, component?: Component): Record<string, string> {
  return {
    [LABELS.managedBy]: MANAGED_BY,
    [LABELS.name]: "freshet",
    [LABELS.clusterId]: clusterId,
    ...(component === undefined ? {} : { [LABELS.component]: component }),
  };
}

/** The in-cluster DNS name of a Service. */
export function serviceHost(service: string, namespace: string, clusterDomain: string): string {
  return `${service}.${namespace}.svc.${clusterDomain}`;
}

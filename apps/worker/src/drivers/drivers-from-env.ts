import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import type { Logger } from "pino";
import type { WorkerEnv } from "../env.js";
import type { MetricsTargets } from "../metering/metrics-targets.js";
import type { ConnectorHost } from "./connector-host.js";
import type { DataflowHost } from "./dataflow-host.js";
import { KubernetesDriver } from "./kubernetes/kubernetes-driver.js";
import { LocalConnectors } from "./local/local-connectors.js";
import { LocalDataflows } from "./local/local-dataflows.js";
import { LocalDriver } from "./local/local-driver.js";
import type { Provisioner } from "./provisioner.js";

export interface Drivers {
  readonly provisioner: Provisioner & MetricsTargets;
  readonly connectors: ConnectorHost;
  readonly dataflows: DataflowHost;
  /**
   * What reconcile does with clusters here that the database does not know. Local: stopped, data
   * kept (a worker pointed at the wrong database must not wipe tenants). Kubernetes: removed —
   * only namespaces carrying this worker's prefix and labels count, and a namespace left behind
   * keeps holding quota and volumes.
   */
  readonly orphans: "stop" | "remove";
}

/** The drivers PROVISIONER selects. */
export function driversFromEnv(env: WorkerEnv, logger: Logger): Drivers {
  if (env.PROVISIONER === "local") {
    const local = new LocalDriver({ dataRoot: env.FRESHET_CLOUD_DATA, spuEntry: env.FRESHET_SPU_ENTRY, logger });
    return { provisioner: local, connectors: local.connectors, dataflows: local.dataflows, orphans: "stop" };
  }
  const kubeConfig = new KubeConfig();
  if (env.KUBECONFIG === undefined) kubeConfig.loadFromCluster();
  else kubeConfig.loadFromFile(env.KUBECONFIG);
  const provisioner = new KubernetesDriver({
    kubeConfig,
    namespacePrefix: env.KUBE_NAMESPACE_PREFIX,
    // env.ts refuses PROVISIONER=kubernetes without an image.
    image: env.KUBE_ENGINE_IMAGE!,
    ...(env.KUBE_STORAGE_CLASS === undefined ? {} : { storageClass: env.KUBE_STORAGE_CLASS }),
    resources: { cpu: env.KUBE_MEMBER_CPU, memory: env.KUBE_MEMBER_MEMORY, storage: env.KUBE_MEMBER_STORAGE },
    controlPlaneNamespace: env.KUBE_CONTROL_PLANE_NAMESPACE,
    clusterDomain: env.KUBE_CLUSTER_DOMAIN,
    extraTlsHosts: env.KUBE_TLS_HOSTS,
    logger,
  });
  // Connectors and dataflows are clients of their cluster: they still run as processes beside the worker.
  const sidecars = { clusterRoot: (clusterId: string) => join(env.FRESHET_CLOUD_DATA, "clusters", clusterId), entry: env.FRESHET_SPU_ENTRY, logger, stopTimeoutMs: 10_000 };
  return { provisioner, connectors: new LocalConnectors(sidecars), dataflows: new LocalDataflows(sidecars), orphans: "remove" };
}

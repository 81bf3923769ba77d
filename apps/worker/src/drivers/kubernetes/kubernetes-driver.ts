import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { KubeConfig, KubernetesObject, V1Deployment, V1Namespace, V1Secret, V1StatefulSet } from "@kubernetes/client-node";
import { CONTROLLER_SECRET_BYTES } from "@freshet/protocol/messages/freshet/controller-auth-proof";
import type { CredentialsFileJson } from "@freshet/engine/auth/credentials-file";
import { createClusterCertificates } from "@freshet/engine/tls/cluster-certificates";
import type { Logger } from "pino";
import type { MetricsTarget, MetricsTargets } from "../../metering/metrics-targets.js";
import { waitHealthy } from "../local/health.js";
import type { ClusterSpec, Provisioner, ProvisionedCluster } from "../provisioner.js";
import { KubeObjects, KubernetesApiError } from "./kube-objects.js";
import { tenantLimits, tenantNamespace, tenantNetworkPolicy, tenantQuota } from "./namespace-manifests.js";
import { controllerSecret, credentialsSecret, tlsSecret } from "./secret-manifests.js";
import { clusterDns, type HostPort, type ServiceAddresses } from "./service-addresses.js";
import { APPLIED_HASH_ANNOTATION, LABELS, MANAGED_BY, namespaceOf, NAMES, PORTS, serviceHost, spuName } from "./tenant-names.js";
import type { MemberResources, TenantPlan } from "./tenant-plan.js";
import { scDeployment, scService, scVolumeClaim, spuHeadlessService, spuService, spuStatefulSet } from "./workload-manifests.js";

export interface KubernetesDriverOptions {
  readonly kubeConfig: KubeConfig;
  /** Tenant namespaces are `<prefix><cluster id>`; only namespaces with it count as this driver's. */
  readonly namespacePrefix: string;
  readonly image: string;
  readonly storageClass?: string;
  readonly resources: MemberResources;
  readonly controlPlaneNamespace: string;
  readonly clusterDomain: string;
  /** How this process reaches tenant Services. Default: the cluster's DNS. */
  readonly addresses?: ServiceAddresses;
  /** Names the brokers' certificate holds beside the cluster's DNS names (an external name, or loopback in tests). */
  readonly extraTlsHosts?: readonly string[];
  readonly logger: Logger;
  /** How long the cluster may take to turn healthy (pulling images, attaching volumes). Default 5 min. */
  readonly startTimeoutMs?: number;
  /** How long a stop or a namespace deletion may take. Default 5 min. */
  readonly settleTimeoutMs?: number;
}

const POLL_MS = 100;

const ref = (apiVersion: string, kind: string, namespace: string, name: string): KubernetesObject => ({ apiVersion, kind, metadata: { name, namespace } });
const namespaceRef = (name: string): KubernetesObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });

/**
 * Tenant clusters on Kubernetes, one namespace each: the SC as a Deployment, the SPUs as a
 * StatefulSet with a volume each, Services for their addresses, Secrets for their credentials,
 * certificate and controller secret, a quota, limits and a network policy. Every call applies
 * the whole desired state (create-or-update, see KubeObjects), so whatever an earlier call left
 * half-done is finished, and then waits until a SASL login and Metadata listing every SPU work.
 */
export class KubernetesDriver implements Provisioner, MetricsTargets {
  readonly #objects: KubeObjects;
  readonly #addresses: ServiceAddresses;
  readonly #startTimeoutMs: number;
  readonly #settleTimeoutMs: number;

  constructor(private readonly options: KubernetesDriverOptions) {
    this.#objects = new KubeObjects(options.kubeConfig);
    this.#addresses = options.addresses ?? clusterDns(options.clusterDomain);
    this.#startTimeoutMs = options.startTimeoutMs ?? 300_000;
    this.#settleTimeoutMs = options.settleTimeoutMs ?? 300_000;
  }

  namespaceOf(clusterId: string): string {
    return namespaceOf(this.options.namespacePrefix, clusterId);
  }

  /** The manifests of a cluster as `spec` wants it, running or (replicas 0) stopped. */
  plan(spec: Pick<ClusterSpec, "clusterId" | "spus" | "maxPartitions">): TenantPlan {
    const { image, storageClass, resources, controlPlaneNamespace, clusterDomain } = this.options;
    return {
      clusterId: spec.clusterId,
      namespace: this.namespaceOf(spec.clusterId),
      spus: spec.spus,
      maxPartitions: spec.maxPartitions,
      image,
      storageClass,
      resources,
      controlPlaneNamespace,
      clusterDomain,
    };
  }

  async provision(spec: ClusterSpec, signal?: AbortSignal): Promise<ProvisionedCluster> {
    const plan = this.plan(spec);
    const step = async <T>(work: () => Promise<T>): Promise<T> => {
      signal?.throwIfAborted();
      return work();
    };
    await step(() => this.#ensureNamespace(plan, signal));
    for (const object of [tenantQuota(plan), tenantLimits(plan), tenantNetworkPolicy(plan)]) await step(() => this.#objects.apply(object));
    await step(() => this.writeCredentials(spec.clusterId, spec.credentials));
    await step(() => this.#objects.ensure(controllerSecret(plan, `${randomBytes(CONTROLLER_SECRET_BYTES).toString("base64")}\n`)));
    const caPem = await step(() => this.#ensureTls(plan));
    await step(() => this.#objects.ensure(scVolumeClaim(plan)));
    const services = [scService(plan), spuHeadlessService(plan), ...Array.from({ length: plan.spus }, (_, id) => spuService(plan, id))];
    for (const service of services) await step(() => this.#objects.apply(service));
    const sc = await step(() => this.#objects.apply(scDeployment(plan, 1)));
    const spus = await step(() => this.#objects.apply(spuStatefulSet(plan, plan.spus)));
    const started = [...(sc.outcome === "unchanged" ? [] : ["sc"]), ...(spus.outcome === "unchanged" ? [] : Array.from({ length: plan.spus }, (_, id) => spuName(id)))];
    this.options.logger.info({ clusterId: spec.clusterId, namespace: plan.namespace, sc: sc.outcome, spus: spus.outcome }, "cluster applied");

    const deadline = Date.now() + this.#startTimeoutMs;
    // Ready pods first (their probes say the brokers accept connections): right after a restart the SC
    // may still list SPUs from before it, so Metadata alone could pass before every SPU listens.
    await this.#until(`the pods of ${plan.namespace} to be ready`, () => this.#workloadsReady(plan), signal, deadline);
    const bootstrap = await this.#address(plan.namespace, spuName(0), PORTS.kafka, deadline, signal);
    const controller = await this.#address(plan.namespace, NAMES.sc, PORTS.sc, deadline, signal);
    const nodeIds = Array.from({ length: plan.spus }, (_, id) => id);
    await waitHealthy({ host: bootstrap.host, port: bootstrap.port, login: spec.login, nodeIds }, Math.max(0, deadline - Date.now()), signal);
    return { bootstrapHost: bootstrap.host, bootstrapPort: bootstrap.port, scPort: controller.port, dataDir: `kubernetes:${plan.namespace}`, caPem, started };
  }

  /** Updates the credentials Secret unless it holds exactly these; the kubelet refreshes the SPUs' file, which they re-read. */
  async writeCredentials(clusterId: string, credentials: CredentialsFileJson): Promise<boolean> {
    const secret = credentialsSecret({ clusterId, namespace: this.namespaceOf(clusterId) }, credentials);
    const existing = (await this.#objects.read(secret)) as V1Secret | null;
    // Written here before the first provisioning made the namespace: that provisioning writes them.
    if (existing === null && (await this.#objects.read(namespaceRef(this.namespaceOf(clusterId)))) === null) return false;
    const { outcome } = await this.#objects.apply(secret);
    return outcome !== "unchanged";
  }

  /**
   * Scales the SPUs, then the SC, to 0 and waits until their pods are gone; volumes and Secrets stay.
   * The applied-hash annotation is cleared, so the next provision scales them up again.
   */
  async stop(clusterId: string): Promise<void> {
    const namespace = this.namespaceOf(clusterId);
    const workloads = [ref("apps/v1", "StatefulSet", namespace, NAMES.spu), ref("apps/v1", "Deployment", namespace, NAMES.sc)];
    for (const workload of workloads) {
      const scaled = await this.#objects.update(workload as V1StatefulSet | V1Deployment, (object) => {
        const { [APPLIED_HASH_ANNOTATION]: _applied, ...annotations } = object.metadata?.annotations ?? {};
        return { ...object, metadata: { ...object.metadata, annotations }, spec: { ...object.spec!, replicas: 0 } };
      });
      const podsLeft = async () => ((await this.#objects.read(workload)) as V1StatefulSet | null)?.status?.replicas ?? 0;
      if (scaled) await this.#until(`${workload.kind} ${namespace}/${workload.metadata!.name} to stop`, async () => (await podsLeft()) === 0);
    }
    this.options.logger.info({ clusterId, namespace }, "cluster stopped");
  }

  /** Deletes the namespace, and with it everything the cluster had; resolves once it is gone. */
  async remove(clusterId: string): Promise<void> {
    const name = this.namespaceOf(clusterId);
    await this.#objects.delete(namespaceRef(name));
    await this.#until(`namespace ${name} to be deleted`, async () => (await this.#objects.read(namespaceRef(name))) === null);
    this.options.logger.info({ clusterId, namespace: name }, "cluster removed");
  }

  /** Clusters with a namespace of this driver (by label and prefix), also those being deleted. */
  async clusterIds(): Promise<Set<string>> {
    const namespaces = await this.#objects.list("v1", "Namespace", `${LABELS.managedBy}=${MANAGED_BY},${LABELS.clusterId}`);
    return new Set(
      namespaces
        .filter((namespace) => namespace.metadata?.name?.startsWith(this.options.namespacePrefix) === true)
        .map((namespace) => namespace.metadata?.labels?.[LABELS.clusterId])
        .filter((id): id is string => id !== undefined),
    );
  }

  /** Each SPU's /metrics through its own Service; SPUs nothing answers for yet are left out. */
  async metricsTargets(clusterId: string, spus: number): Promise<MetricsTarget[]> {
    const namespace = this.namespaceOf(clusterId);
    const targets: MetricsTarget[] = [];
    for (let spuId = 0; spuId < spus; spuId++) {
      const address = await this.#addresses.resolve(namespace, spuName(spuId), PORTS.metrics);
      if (address !== null) targets.push({ spuId, url: `http://${address.host}:${address.port}/metrics` });
    }
    return targets;
  }

  /** Whether the SC and every SPU run the applied spec and are ready. */
  async #workloadsReady(plan: TenantPlan): Promise<boolean> {
    const workloads: [KubernetesObject, number][] = [
      [ref("apps/v1", "Deployment", plan.namespace, NAMES.sc), 1],
      [ref("apps/v1", "StatefulSet", plan.namespace, NAMES.spu), plan.spus],
    ];
    for (const [workload, replicas] of workloads) {
      const found = (await this.#objects.read(workload)) as V1Deployment | V1StatefulSet | null;
      const status = found?.status;
      if (status === undefined || (status.observedGeneration ?? 0) < (found?.metadata?.generation ?? 0) || (status.readyReplicas ?? 0) < replicas) return false;
    }
    return true;
  }

  /** Creates the namespace, first waiting out the deletion of an earlier one of the same name. */
  async #ensureNamespace(plan: TenantPlan, signal?: AbortSignal): Promise<void> {
    const desired = tenantNamespace(plan);
    const existing = (await this.#objects.read(desired)) as V1Namespace | null;
    if (existing?.metadata?.deletionTimestamp !== undefined && existing.metadata.deletionTimestamp !== null) {
      await this.#until(`namespace ${plan.namespace} to finish deleting`, async () => (await this.#objects.read(desired)) === null, signal);
    }
    await this.#objects.apply(desired);
  }

  /** The CA the tenant's clients trust, made with the brokers' certificate on the first provisioning and kept. */
  async #ensureTls(plan: TenantPlan): Promise<string> {
    const existing = (await this.#objects.read(ref("v1", "Secret", plan.namespace, NAMES.tls))) as V1Secret | null;
    const stored = existing?.data?.["ca.crt"];
    if (stored !== undefined) return Buffer.from(stored, "base64").toString("utf8");
    const domain = this.options.clusterDomain;
    const hosts = [`*.${plan.namespace}.svc.${domain}`, `*.${plan.namespace}.svc`, serviceHost(spuName(0), plan.namespace, domain), ...(this.options.extraTlsHosts ?? [])];
    const certificates = await createClusterCertificates(plan.clusterId, hosts);
    const { object } = await this.#objects.ensure(tlsSecret(plan, certificates));
    // Another call may have made it first: its CA is the one the brokers present.
    return Buffer.from(object.data!["ca.crt"]!, "base64").toString("utf8");
  }

  async #address(namespace: string, service: string, port: number, deadline: number, signal?: AbortSignal): Promise<HostPort> {
    let address: HostPort | null = null;
    await this.#until(`Service ${namespace}/${service} to have a running pod`, async () => (address = await this.#addresses.resolve(namespace, service, port)) !== null, signal, deadline);
    return address!;
  }

  async #until(what: string, done: () => Promise<boolean>, signal?: AbortSignal, deadline = Date.now() + this.#settleTimeoutMs): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      if (await done()) return;
      if (Date.now() > deadline) throw new KubernetesApiError(0, `timed out waiting for ${what}`);
      await sleep(POLL_MS);
    }
  }
}

import type { V1Container, V1Deployment, V1PersistentVolumeClaim, V1PodSecurityContext, V1Service, V1StatefulSet, V1Volume } from "@kubernetes/client-node";
import { CONTROLLER_SECRET_FILE } from "@freshet/client/admin/controller-secret";
import { CONTROL_PLANE_USERNAME } from "@freshet/control-plane/control-plane-login";
import { engineArgv } from "@freshet/spu-worker/launch";
import { CREDENTIALS_KEY } from "./secret-manifests.js";
import { LABELS, labelsOf, MOUNTS, NAMES, PORTS, serviceHost, spuName, type Component } from "./tenant-names.js";
import type { TenantPlan } from "./tenant-plan.js";

/** The engine runs as this unprivileged user; the image's entrypoint is the engine, its args the flags. */
const ENGINE_UID = 10_001;
/** Secret files readable by their owner only (the kubelet adds group read under an fsGroup). */
const OWNER_READ_ONLY = 0o400;

const TMP_VOLUME: V1Volume = { name: "tmp", emptyDir: { sizeLimit: "256Mi" } };

/**
 * The engine refuses a controller secret file others may read, and the kubelet makes every file
 * of a Secret volume group-readable when the pod has an fsGroup (kubernetes/kubernetes#57923),
 * which the data volume needs. So an init container copies it, owner-only, into a memory
 * emptyDir, with the engine image's own node.
 */
const COPY_OWNER_ONLY = "const fs = require('node:fs'); const [from, to] = process.argv.slice(1); fs.copyFileSync(from, to); fs.chmodSync(to, 0o600);";

function controllerSecretCopy(plan: TenantPlan): V1Container {
  const { cpu, memory } = plan.resources;
  return {
    name: "controller-secret",
    image: plan.image,
    command: ["node", "-e", COPY_OWNER_ONLY, `${MOUNTS.controllerSource}/${CONTROLLER_SECRET_FILE}`, `${MOUNTS.controller}/${CONTROLLER_SECRET_FILE}`],
    resources: { requests: { cpu, memory }, limits: { cpu, memory } },
    volumeMounts: [
      { name: "controller-source", mountPath: MOUNTS.controllerSource, readOnly: true },
      { name: "controller", mountPath: MOUNTS.controller },
    ],
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
  };
}

/** The Secret the copy is made from, and the memory-backed directory it is made in. */
const controllerVolumes: V1Volume[] = [secretVolume("controller-source", NAMES.controller), { name: "controller", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } }];

const podSecurity: V1PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: ENGINE_UID,
  runAsGroup: ENGINE_UID,
  fsGroup: ENGINE_UID,
  seccompProfile: { type: "RuntimeDefault" },
};

function selectorOf(plan: TenantPlan, component: Component): Record<string, string> {
  return { [LABELS.clusterId]: plan.clusterId, [LABELS.component]: component };
}

function secretVolume(name: string, secretName: string, items?: { key: string; path: string }[]): V1Volume {
  return { name, secret: { secretName, defaultMode: OWNER_READ_ONLY, ...(items === undefined ? {} : { items }) } };
}

function engineContainer(plan: TenantPlan, name: Component, args: string[], ports: { name: string; containerPort: number }[], mounts: { name: string; mountPath: string }[]): V1Container {
  const { cpu, memory } = plan.resources;
  return {
    name,
    image: plan.image,
    args,
    ports: ports.map((port) => ({ ...port, protocol: "TCP" })),
    resources: { requests: { cpu, memory }, limits: { cpu, memory } },
    // The root filesystem is read-only: the engine writes to its data volume and to /tmp only.
    volumeMounts: [...mounts.map((mount) => ({ ...mount, readOnly: mount.mountPath !== MOUNTS.data })), { name: "tmp", mountPath: "/tmp" }],
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
  };
}

/** The SC's volume: it keeps the cluster's metadata (topics, SPUs) across restarts. */
export function scVolumeClaim(plan: TenantPlan): V1PersistentVolumeClaim {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: NAMES.scData, namespace: plan.namespace, labels: labelsOf(plan.clusterId, "sc") },
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: plan.resources.storage } },
      ...(plan.storageClass === undefined ? {} : { storageClassName: plan.storageClass }),
    },
  };
}

/** The SC: one replica (0 while the cluster is stopped), replaced rather than rolled since it holds a RWO volume. */
export function scDeployment(plan: TenantPlan, replicas: 0 | 1): V1Deployment {
  const args = engineArgv({
    role: "sc",
    dataDir: `${MOUNTS.data}/data`,
    host: "0.0.0.0",
    port: PORTS.sc,
    controllerSecret: `${MOUNTS.controller}/${CONTROLLER_SECRET_FILE}`,
    maxPartitions: plan.maxPartitions,
    metricsPort: PORTS.metrics,
  });
  const labels = labelsOf(plan.clusterId, "sc");
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: NAMES.sc, namespace: plan.namespace, labels },
    spec: {
      replicas,
      strategy: { type: "Recreate" },
      selector: { matchLabels: selectorOf(plan, "sc") },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: podSecurity,
          containers: [
            {
              ...engineContainer(
                plan,
                "sc",
                args,
                [
                  { name: "controller", containerPort: PORTS.sc },
                  { name: "metrics", containerPort: PORTS.metrics },
                ],
                [
                  { name: "data", mountPath: MOUNTS.data },
                  { name: "controller", mountPath: MOUNTS.controller },
                ],
              ),
              readinessProbe: { tcpSocket: { port: "controller" }, periodSeconds: 5 },
            },
          ],
          initContainers: [controllerSecretCopy(plan)],
          volumes: [{ name: "data", persistentVolumeClaim: { claimName: NAMES.scData } }, ...controllerVolumes, TMP_VOLUME],
        },
      },
    },
  };
}

/**
 * The SPUs. Each pod learns its node id from its ordinal (the pod-index label, Kubernetes ≥ 1.28)
 * and advertises its own Service's name, so clients reach every broker by a stable address.
 */
export function spuStatefulSet(plan: TenantPlan, replicas: number): V1StatefulSet {
  const args = [
    ...engineArgv({
      role: "spu",
      dataDir: `${MOUNTS.data}/data`,
      host: "0.0.0.0",
      port: PORTS.kafka,
      advertisedHost: serviceHost("$(POD_NAME)", plan.namespace, plan.clusterDomain),
      sc: `${serviceHost(NAMES.sc, plan.namespace, plan.clusterDomain)}:${PORTS.sc}`,
      controllerSecret: `${MOUNTS.controller}/${CONTROLLER_SECRET_FILE}`,
      saslCredentials: `${MOUNTS.credentials}/${CREDENTIALS_KEY}`,
      // The control plane manages the cluster's client quotas (the spend cap's producer throttle).
      superUsers: CONTROL_PLANE_USERNAME,
      tlsCert: `${MOUNTS.tls}/broker.pem`,
      tlsKey: `${MOUNTS.tls}/broker-key.pem`,
      metricsPort: PORTS.metrics,
    }),
    "--node-id",
    "$(POD_INDEX)",
  ];
  const labels = labelsOf(plan.clusterId, "spu");
  const selector = selectorOf(plan, "spu");
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: NAMES.spu, namespace: plan.namespace, labels },
    spec: {
      replicas,
      serviceName: NAMES.spu,
      // SPUs do not wait for each other: all start at once and register with the SC.
      podManagementPolicy: "Parallel",
      updateStrategy: { type: "RollingUpdate" },
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          securityContext: podSecurity,
          // Preferred, not required: replicas spread over nodes where there are enough, and a small
          // node pool still schedules every SPU.
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: selector } } }],
            },
          },
          containers: [
            {
              ...engineContainer(
                plan,
                "spu",
                args,
                [
                  { name: "kafka", containerPort: PORTS.kafka },
                  { name: "metrics", containerPort: PORTS.metrics },
                ],
                [
                  { name: "data", mountPath: MOUNTS.data },
                  { name: "controller", mountPath: MOUNTS.controller },
                  { name: "credentials", mountPath: MOUNTS.credentials },
                  { name: "tls", mountPath: MOUNTS.tls },
                ],
              ),
              env: [
                { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                { name: "POD_INDEX", valueFrom: { fieldRef: { fieldPath: "metadata.labels['apps.kubernetes.io/pod-index']" } } },
              ],
              // Ready once the broker accepts connections; the driver then checks a SASL login and Metadata.
              readinessProbe: { tcpSocket: { port: "kafka" }, periodSeconds: 5 },
            },
          ],
          initContainers: [controllerSecretCopy(plan)],
          volumes: [
            ...controllerVolumes,
            secretVolume("credentials", NAMES.credentials),
            secretVolume("tls", NAMES.tls, [
              { key: "tls.crt", path: "broker.pem" },
              { key: "tls.key", path: "broker-key.pem" },
            ]),
            TMP_VOLUME,
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "data", labels },
          spec: {
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: plan.resources.storage } },
            ...(plan.storageClass === undefined ? {} : { storageClassName: plan.storageClass }),
          },
        },
      ],
    },
  };
}

export function scService(plan: TenantPlan): V1Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: NAMES.sc, namespace: plan.namespace, labels: labelsOf(plan.clusterId, "sc") },
    spec: { selector: selectorOf(plan, "sc"), ports: [{ name: "controller", port: PORTS.sc, targetPort: "controller" }] },
  };
}

/** The StatefulSet's governing Service: stable DNS names for its pods. */
export function spuHeadlessService(plan: TenantPlan): V1Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: NAMES.spu, namespace: plan.namespace, labels: labelsOf(plan.clusterId, "spu") },
    spec: { clusterIP: "None", publishNotReadyAddresses: true, selector: selectorOf(plan, "spu"), ports: [{ name: "kafka", port: PORTS.kafka, targetPort: "kafka" }] },
  };
}

/** One SPU's address for clients: the host it advertises in Metadata. */
export function spuService(plan: TenantPlan, id: number): V1Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: spuName(id), namespace: plan.namespace, labels: labelsOf(plan.clusterId, "spu") },
    spec: {
      selector: { ...selectorOf(plan, "spu"), "statefulset.kubernetes.io/pod-name": spuName(id) },
      ports: [
        { name: "kafka", port: PORTS.kafka, targetPort: "kafka" },
        { name: "metrics", port: PORTS.metrics, targetPort: "metrics" },
      ],
    },
  };
}

import { dumpYaml } from "@kubernetes/client-node";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { LimitRange, Namespace, PersistentVolumeClaim, ResourceQuota, Secret, Service } from "kubernetes-models/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tenantLimits, tenantNamespace, tenantNetworkPolicy, tenantQuota } from "./namespace-manifests.js";
import { controllerSecret, credentialsSecret, tlsSecret } from "./secret-manifests.js";
import type { TenantPlan } from "./tenant-plan.js";
import { scDeployment, scService, scVolumeClaim, spuHeadlessService, spuService, spuStatefulSet } from "./workload-manifests.js";

const plan: TenantPlan = {
  clusterId: "clu_01jd3k0example",
  namespace: "freshet-clu-01jd3k0example",
  spus: 3,
  maxPartitions: 12,
  image: "ghcr.io/freshet/engine:0.1.0",
  storageClass: "fast-ssd",
  resources: { cpu: "500m", memory: "1Gi", storage: "10Gi" },
  controlPlaneNamespace: "freshet",
  clusterDomain: "cluster.local",
};

/** Every manifest of one tenant cluster, with the kubernetes-models class that validates it. */
function manifests() {
  const credentials = { version: 1, users: [] } as unknown as Parameters<typeof credentialsSecret>[1];
  return [
    [tenantNamespace(plan), Namespace],
    [tenantQuota(plan), ResourceQuota],
    [tenantLimits(plan), LimitRange],
    [tenantNetworkPolicy(plan), NetworkPolicy],
    [credentialsSecret(plan, credentials), Secret],
    [controllerSecret(plan, "c2VjcmV0\n"), Secret],
    [tlsSecret(plan, { caPem: "ca", certPem: "cert", keyPem: "key" }), Secret],
    [scVolumeClaim(plan), PersistentVolumeClaim],
    [scService(plan), Service],
    [spuHeadlessService(plan), Service],
    ...[0, 1, 2].map((id) => [spuService(plan, id), Service] as const),
    [scDeployment(plan, 1), Deployment],
    [spuStatefulSet(plan, plan.spus), StatefulSet],
  ] as const;
}

/** The object as it goes on the wire: client-node's serializer renames `_from`, `_default` and the like. */
const wire = (object: object) => parse(dumpYaml(object)) as Record<string, unknown>;

describe("tenant manifests", () => {
  it("are valid Kubernetes objects, each checked against its schema by kubernetes-models", () => {
    for (const [object, Model] of manifests()) {
      const json = wire(object);
      expect(() => new Model(json as never).validate(), `${object.kind} ${object.metadata?.name}`).not.toThrow();
    }
    // The check has teeth: a wrong type is refused.
    const broken = { ...wire(spuStatefulSet(plan, 3)), spec: { ...(wire(spuStatefulSet(plan, 3)).spec as object), replicas: "three" } };
    expect(() => new StatefulSet(broken as never).validate()).toThrow(/replicas must be integer/);
  });

  it("render as the YAML kept beside them (the whole tenant cluster, for review)", async () => {
    const yaml = manifests()
      .map(([object]) => dumpYaml(object))
      .join("---\n");
    await expect(yaml).toMatchFileSnapshot("./tenant-cluster.example.yaml");
  });

  it("carry the cluster's labels and live in its namespace", () => {
    for (const [object] of manifests()) {
      expect(object.metadata?.labels).toMatchObject({ "app.kubernetes.io/managed-by": "freshet", "freshet.dev/cluster-id": plan.clusterId });
      if (object.kind !== "Namespace") expect(object.metadata?.namespace).toBe(plan.namespace);
    }
  });

  it("turn the plan into a quota for the SC and N SPUs, and limits per container", () => {
    expect(wire(tenantQuota(plan)).spec).toEqual({
      hard: {
        pods: "5",
        "requests.cpu": "2500m",
        "limits.cpu": "2500m",
        "requests.memory": "5Gi",
        "limits.memory": "5Gi",
        persistentvolumeclaims: "4",
        "requests.storage": "40Gi",
        services: "5",
        "services.loadbalancers": "0",
        "services.nodeports": "0",
      },
    });
    expect(wire(tenantLimits(plan)).spec).toMatchObject({
      limits: [
        { type: "Container", default: { cpu: "500m", memory: "1Gi" } },
        { type: "PersistentVolumeClaim", max: { storage: "10Gi" } },
      ],
    });
  });

  it("let only the tenant's pods and the control plane's namespace in", () => {
    expect(wire(tenantNetworkPolicy(plan)).spec).toEqual({
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: { matchLabels: { "freshet.dev/cluster-id": plan.clusterId } } }, { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "freshet" } } }] }],
    });
  });

  it("run SPUs with a volume each, spread over nodes, each advertising its own Service", () => {
    const set = spuStatefulSet(plan, 3).spec!;
    expect(set.replicas).toBe(3);
    expect(set.volumeClaimTemplates).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({ name: "data" }),
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } }, storageClassName: "fast-ssd" },
      }),
    ]);
    expect(set.template.spec!.affinity!.podAntiAffinity!.preferredDuringSchedulingIgnoredDuringExecution![0]!.podAffinityTerm.topologyKey).toBe("kubernetes.io/hostname");
    const args = set.template.spec!.containers[0]!.args!;
    const flag = (name: string) => args[args.indexOf(name) + 1];
    expect(flag("--advertised-host")).toBe(`$(POD_NAME).${plan.namespace}.svc.cluster.local`);
    expect(flag("--node-id")).toBe("$(POD_INDEX)");
    expect(flag("--sc")).toBe(`sc.${plan.namespace}.svc.cluster.local:9003`);
    expect(flag("--sasl-credentials")).toBe("/etc/freshet/credentials/credentials.json");
    expect(spuService(plan, 2).spec).toMatchObject({ selector: { "statefulset.kubernetes.io/pod-name": "spu-2" } });
    const sc = scDeployment(plan, 1).spec!;
    expect(sc).toMatchObject({ replicas: 1, strategy: { type: "Recreate" } });
    const scArgs = sc.template.spec!.containers[0]!.args!;
    expect(scArgs[scArgs.indexOf("--max-partitions") + 1]).toBe("12");
  });
});

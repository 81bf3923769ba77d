// Field names follow client-node's models (`_default`, `_from` for reserved words); its serializer writes the API's names.
import type { V1LimitRange, V1Namespace, V1NetworkPolicy, V1ResourceQuota } from "@kubernetes/client-node";
import { scaleQuantity } from "./quantity.js";
import { LABELS, labelsOf, NAMES } from "./tenant-names.js";
import type { TenantPlan } from "./tenant-plan.js";

/** The tenant's namespace; the restricted Pod Security profile refuses privileged pods in it. */
export function tenantNamespace(plan: TenantPlan): V1Namespace {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: plan.namespace,
      labels: { ...labelsOf(plan.clusterId), "pod-security.kubernetes.io/enforce": "restricted" },
    },
  };
}

/** Members of the cluster: its SC and its SPUs, each holding one volume. */
function members(plan: TenantPlan): number {
  return plan.spus + 1;
}

/**
 * The plan as a ceiling: room for the cluster's members and no more, so a tenant cannot grow past
 * what it pays for even if its objects were edited. One spare pod lets a rolling update surge.
 */
export function tenantQuota(plan: TenantPlan): V1ResourceQuota {
  const n = members(plan);
  const { cpu, memory, storage } = plan.resources;
  return {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name: NAMES.quota, namespace: plan.namespace, labels: labelsOf(plan.clusterId) },
    spec: {
      hard: {
        pods: String(n + 1),
        "requests.cpu": scaleQuantity(cpu, n + 1),
        "limits.cpu": scaleQuantity(cpu, n + 1),
        "requests.memory": scaleQuantity(memory, n + 1),
        "limits.memory": scaleQuantity(memory, n + 1),
        persistentvolumeclaims: String(n),
        "requests.storage": scaleQuantity(storage, n),
        // The SC's, the headless one and one per SPU.
        services: String(plan.spus + 2),
        "services.loadbalancers": "0",
        "services.nodeports": "0",
      },
    },
  };
}

/** Defaults and bounds per container and volume, so nothing in the namespace runs without limits. */
export function tenantLimits(plan: TenantPlan): V1LimitRange {
  const { cpu, memory, storage } = plan.resources;
  return {
    apiVersion: "v1",
    kind: "LimitRange",
    metadata: { name: NAMES.limits, namespace: plan.namespace, labels: labelsOf(plan.clusterId) },
    spec: {
      limits: [
        { type: "Container", _default: { cpu, memory }, defaultRequest: { cpu, memory }, max: { cpu, memory } },
        { type: "PersistentVolumeClaim", max: { storage } },
      ],
    },
  };
}

/**
 * Only the tenant's own pods and the control plane's namespace reach anything in the namespace:
 * other tenants' pods are refused at the network, not only by SASL.
 */
export function tenantNetworkPolicy(plan: TenantPlan): V1NetworkPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: NAMES.networkPolicy, namespace: plan.namespace, labels: labelsOf(plan.clusterId) },
    spec: {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [
        {
          _from: [{ podSelector: { matchLabels: { [LABELS.clusterId]: plan.clusterId } } }, { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": plan.controlPlaneNamespace } } }],
        },
      ],
    },
  };
}

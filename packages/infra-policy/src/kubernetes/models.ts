/*
 * The kubernetes-models class of an object, found from its apiVersion and kind: core Kubernetes
 * from kubernetes-models, plus the CRDs infra/kubernetes uses (Gateway API, External Secrets).
 * Each package exports one namespace per API group (camel-cased: networking.k8s.io →
 * networkingK8sIo; the core group is v1), then one per version, then one class per kind.
 */
import * as externalSecrets from "@kubernetes-models/external-secrets";
import * as gatewayApi from "@kubernetes-models/gateway-api";
import * as core from "kubernetes-models";

export interface ValidatingModel {
  validate(): void;
}

type ModelClass = new (data: unknown) => ValidatingModel;

const GROUPS: Readonly<Record<string, unknown>> = { ...core, ...gatewayApi, ...externalSecrets };

function groupKey(group: string): string {
  return group
    .split(/[.-]/)
    .map((part, index) => (index === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join("");
}

function member(namespace: unknown, key: string): unknown {
  return typeof namespace === "object" && namespace !== null && Object.hasOwn(namespace, key) ? (namespace as Record<string, unknown>)[key] : undefined;
}

/** The model class for `apiVersion` and `kind`, or undefined when none of the packages knows it. */
export function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  const slash = apiVersion.lastIndexOf("/");
  const version = apiVersion.slice(slash + 1);
  const group = slash === -1 ? member(GROUPS, version) : member(member(GROUPS, groupKey(apiVersion.slice(0, slash))), version);
  const model = member(group, kind);
  return typeof model === "function" && typeof (model.prototype as Partial<ValidatingModel>).validate === "function" ? (model as ModelClass) : undefined;
}

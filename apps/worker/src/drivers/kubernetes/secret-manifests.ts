import type { V1Secret } from "@kubernetes/client-node";
import type { CredentialsFileJson } from "@freshet/engine/auth/credentials-file";
import { CONTROLLER_SECRET_FILE } from "@freshet/client/admin/controller-secret";
import { labelsOf, NAMES } from "./tenant-names.js";
import type { TenantPlan } from "./tenant-plan.js";

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

export const CREDENTIALS_KEY = "credentials.json";

/** The credentials file's text, as the local driver writes it: equal files mean equal Secrets. */
export function credentialsText(credentials: CredentialsFileJson): string {
  return `${JSON.stringify(credentials, null, 2)}\n`;
}

/** The users the brokers accept; the kubelet refreshes the mounted file and the brokers re-read it. */
export function credentialsSecret(plan: Pick<TenantPlan, "clusterId" | "namespace">, credentials: CredentialsFileJson): V1Secret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: NAMES.credentials, namespace: plan.namespace, labels: labelsOf(plan.clusterId) },
    type: "Opaque",
    data: { [CREDENTIALS_KEY]: base64(credentialsText(credentials)) },
  };
}

/**
 * The secret that proves a process belongs to the cluster when it talks to its SC. Made once
 * by the driver (SC and SPUs run in different pods, so the SC cannot create it for them) and
 * never replaced: `secretText` is only used when the Secret does not exist yet.
 */
export function controllerSecret(plan: Pick<TenantPlan, "clusterId" | "namespace">, secretText: string): V1Secret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: NAMES.controller, namespace: plan.namespace, labels: labelsOf(plan.clusterId) },
    type: "Opaque",
    data: { [CONTROLLER_SECRET_FILE]: base64(secretText) },
  };
}

export interface BrokerCertificates {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/** The cluster's CA and broker certificate, made once so clients that trust the CA keep trusting the cluster. */
export function tlsSecret(plan: Pick<TenantPlan, "clusterId" | "namespace">, certificates: BrokerCertificates): V1Secret {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: NAMES.tls, namespace: plan.namespace, labels: labelsOf(plan.clusterId) },
    type: "kubernetes.io/tls",
    data: { "tls.crt": base64(certificates.certPem), "tls.key": base64(certificates.keyPem), "ca.crt": base64(certificates.caPem) },
  };
}

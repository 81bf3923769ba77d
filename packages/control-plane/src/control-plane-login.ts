import { createHmac } from "node:crypto";

/** The SASL user the control plane (apps/api and apps/worker) logs in to tenant clusters as. */
export const CONTROL_PLANE_USERNAME = "freshet-control";

/** The user SPUs of one cluster replicate as. */
export const INTERNAL_USERNAME = "freshet-internal";

/**
 * The control user's password for one cluster: lowercase hex HMAC-SHA256(CONTROL_PLANE_SECRET,
 * clusterId), as apps/api derives it. Never stored anywhere.
 */
export function controlPlanePassword(secret: string, clusterId: string): string {
  return createHmac("sha256", secret).update(clusterId).digest("hex");
}

/** A per-cluster value derived from the secret, for `purpose` (never equal to the control password). */
export function derivedSecret(secret: string, clusterId: string, purpose: string): Buffer {
  return createHmac("sha256", secret).update(`${purpose}:${clusterId}`).digest();
}

/**
 * The cluster login a connector runs as: one per connector, derived like the service users (the
 * worker writes both the verifier into the credentials file and the password into the connector's
 * 0600 password file; neither is stored in the database). The `freshet-` prefix is reserved.
 */
export function connectorLogin(secret: string, clusterId: string, connectorId: string): { readonly username: string; readonly password: string } {
  return { username: `freshet-connector-${connectorId}`, password: derivedSecret(secret, clusterId, `connector-password:${connectorId}`).toString("hex") };
}

/** The salt of a connector login's verifier, derived so an unchanged connector list rewrites the same credentials file. */
export function connectorLoginSalt(secret: string, clusterId: string, connectorId: string): Buffer {
  return derivedSecret(secret, clusterId, `connector-salt:${connectorId}`);
}

/** The cluster login a dataflow runs as: one per dataflow, derived like a connector's (never stored). */
export function dataflowLogin(secret: string, clusterId: string, dataflowId: string): { readonly username: string; readonly password: string } {
  return { username: `freshet-dataflow-${dataflowId}`, password: derivedSecret(secret, clusterId, `dataflow-password:${dataflowId}`).toString("hex") };
}

/** The salt of a dataflow login's verifier, derived so an unchanged dataflow list rewrites the same credentials file. */
export function dataflowLoginSalt(secret: string, clusterId: string, dataflowId: string): Buffer {
  return derivedSecret(secret, clusterId, `dataflow-salt:${dataflowId}`);
}

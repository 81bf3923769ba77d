import { createHmac } from "node:crypto";

/** The SASL user the control plane logs in to tenant clusters as. */
export const CONTROL_PLANE_USERNAME = "freshet-control";

/**
 * Its password for one cluster: lowercase hex HMAC-SHA256(CONTROL_PLANE_SECRET, clusterId). Never
 * stored; the API and the provisioning worker derive it from the same secret.
 */
export function controlPlanePassword(secret: string, clusterId: string): string {
  return createHmac("sha256", secret).update(clusterId).digest("hex");
}

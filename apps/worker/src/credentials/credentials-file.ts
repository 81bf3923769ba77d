import type { CredentialsFileJson } from "@freshet/engine/auth/credentials-file";
import { DEFAULT_SCRAM_ITERATIONS, scramKeyPair, sha256 } from "@freshet/engine/auth/scram-keys";
import {
  CONTROL_PLANE_USERNAME,
  INTERNAL_USERNAME,
  connectorLogin,
  connectorLoginSalt,
  controlPlanePassword,
  dataflowLogin,
  dataflowLoginSalt,
  derivedSecret,
} from "@freshet/control-plane/control-plane-login";

/** The connectors and dataflows of a cluster, each of which logs in with a derived login of its own. */
export interface ServiceLogins {
  readonly connectorIds?: readonly string[];
  readonly dataflowIds?: readonly string[];
}

/** A ClusterCredential row as the credentials file needs it (SCRAM verifier, base64). */
export interface CredentialRow {
  readonly username: string;
  readonly salt: string;
  readonly storedKey: string;
  readonly serverKey: string;
  readonly iterations: number;
}

type ScramJson = NonNullable<CredentialsFileJson["users"][string]["scram-sha-256"]>;

/**
 * The credentials file of a cluster: its users' SCRAM verifiers (revoked rows are left out by
 * the caller), the control plane's user and the SPUs' internal user. The two service users are
 * derived from CONTROL_PLANE_SECRET and the cluster id, salts included, so the same rows always
 * give the same bytes: rewriting an unchanged file is a no-op and the internal user never
 * changes under running SPUs. Each connector and dataflow of the cluster gets its own derived
 * login (connectorLogin, dataflowLogin), which it loses once its id is no longer listed.
 */
export async function buildCredentialsFile(secret: string, clusterId: string, rows: readonly CredentialRow[], services: ServiceLogins = {}): Promise<CredentialsFileJson> {
  const users: CredentialsFileJson["users"] = {};
  for (const row of [...rows].sort((a, b) => a.username.localeCompare(b.username))) {
    users[row.username] = { "scram-sha-256": { salt: row.salt, iterations: row.iterations, storedKey: row.storedKey, serverKey: row.serverKey } };
  }
  // Written after the rows: a row can never shadow a service user.
  for (const connectorId of [...(services.connectorIds ?? [])].sort()) {
    const login = connectorLogin(secret, clusterId, connectorId);
    users[login.username] = { "scram-sha-256": (await derivedScram(login.password, connectorLoginSalt(secret, clusterId, connectorId))).entry };
  }
  for (const dataflowId of [...(services.dataflowIds ?? [])].sort()) {
    const login = dataflowLogin(secret, clusterId, dataflowId);
    users[login.username] = { "scram-sha-256": (await derivedScram(login.password, dataflowLoginSalt(secret, clusterId, dataflowId))).entry };
  }
  const control = await derivedScram(controlPlanePassword(secret, clusterId), derivedSecret(secret, clusterId, "control-salt"));
  users[CONTROL_PLANE_USERNAME] = { "scram-sha-256": control.entry };
  const internal = await derivedScram(derivedSecret(secret, clusterId, "internal-password").toString("hex"), derivedSecret(secret, clusterId, "internal-salt"));
  users[INTERNAL_USERNAME] = { "scram-sha-256": internal.entry };
  return { version: 1, users, internal: { username: INTERNAL_USERNAME, clientKey: internal.clientKey.toString("base64") } };
}

async function derivedScram(password: string, salt: Buffer): Promise<{ entry: ScramJson; clientKey: Buffer }> {
  const { clientKey, serverKey } = await scramKeyPair(password, salt, DEFAULT_SCRAM_ITERATIONS);
  return {
    clientKey,
    entry: { salt: salt.toString("base64"), iterations: DEFAULT_SCRAM_ITERATIONS, storedKey: sha256(clientKey).toString("base64"), serverKey: serverKey.toString("base64") },
  };
}

import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { createClusterCertificates } from "@freshet/engine/tls/cluster-certificates";
import type { ClusterLayout } from "./cluster-layout.js";

/** Names and addresses a local cluster's brokers are reached at. */
const LOCAL_HOSTS = ["127.0.0.1", "localhost"];

async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  await writeFile(`${path}.tmp`, text, { mode });
  await rename(`${path}.tmp`, path);
}

async function readAll(paths: readonly string[]): Promise<string[] | null> {
  try {
    return await Promise.all(paths.map((path) => readFile(path, "utf8")));
  } catch {
    return null;
  }
}

/**
 * The cluster's own CA and broker certificate, made on its first provisioning and
 * kept with its data, so clients that trust the CA keep trusting the cluster across
 * restarts. Written CA last: a crash before it leaves no CA, and everything is made anew.
 * Returns the CA certificate (PEM) for the tenant.
 */
export async function ensureClusterTls(layout: ClusterLayout): Promise<string> {
  const { caFile, certFile, keyFile } = layout.tls;
  const existing = await readAll([caFile, certFile, keyFile]);
  if (existing !== null) return existing[0]!;
  const certificates = await createClusterCertificates(layout.clusterId, LOCAL_HOSTS);
  await mkdir(dirname(caFile), { recursive: true, mode: 0o700 });
  await writeAtomically(keyFile, certificates.keyPem, 0o600);
  await writeAtomically(certFile, certificates.certPem, 0o644);
  await writeAtomically(caFile, certificates.caPem, 0o644);
  return certificates.caPem;
}

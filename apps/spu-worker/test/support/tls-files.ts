import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createClusterCertificates } from "@freshet/engine/tls/cluster-certificates";

export interface TlsFiles {
  /** The CA clients trust, as a file (kcat's ssl.ca.location) and as PEM (kafkajs `ssl.ca`). */
  readonly caPath: string;
  readonly caPem: string;
  /** The broker's flags: --tls-cert and --tls-key. */
  readonly brokerArgs: string[];
}

/** A cluster CA and a broker certificate for 127.0.0.1, written into `dir`. */
export async function writeTlsFiles(dir: string): Promise<TlsFiles> {
  const certificates = await createClusterCertificates("test", ["127.0.0.1", "localhost"]);
  const [caPath, certPath, keyPath] = ["ca.pem", "broker.pem", "broker-key.pem"].map((name) => join(dir, name)) as [string, string, string];
  await writeFile(caPath, certificates.caPem);
  await writeFile(certPath, certificates.certPem);
  await writeFile(keyPath, certificates.keyPem, { mode: 0o600 });
  return { caPath, caPem: certificates.caPem, brokerArgs: ["--tls-cert", certPath, "--tls-key", keyPath] };
}

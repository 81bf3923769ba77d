/*
 * A cluster's own certificate authority and the server certificate its brokers
 * present on TLS connections (local mode: no public CA can vouch for 127.0.0.1).
 * Clients trust the CA's certificate, which the console and CLI hand out; the CA's
 * private key is not kept: nothing else is ever signed with it.
 */
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

export interface ClusterCertificates {
  /** PEM of the CA certificate clients trust (ssl.ca.location, kafkajs `ssl.ca`). */
  readonly caPem: string;
  /** PEM of the brokers' certificate, signed by the CA. */
  readonly certPem: string;
  /** PEM (PKCS#8) of the brokers' private key. */
  readonly keyPem: string;
}

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const IP_ADDRESS = /^(\d{1,3}\.){3}\d{1,3}$|:/;

function serialNumber(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString("hex")
    .replace(/^[89a-f]/, "7");
}

function keyPem(pkcs8: ArrayBuffer): string {
  return x509.PemConverter.encode(pkcs8, "PRIVATE KEY");
}

/**
 * Makes a CA named after the cluster and a server certificate for `hosts`
 * (names and IP addresses the brokers are reached at), valid for `validDays`.
 */
export async function createClusterCertificates(clusterName: string, hosts: readonly string[], validDays = 825): Promise<ClusterCertificates> {
  const notBefore = new Date(Date.now() - DAY_MS);
  const notAfter = new Date(Date.now() + validDays * DAY_MS);
  const caKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: `CN=Freshet cluster CA ${clusterName}`,
      notBefore,
      notAfter,
      keys: caKeys,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, webcrypto),
      ],
    },
    webcrypto,
  );
  const serverKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const server = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: `CN=${hosts[0] ?? "localhost"}`,
      issuer: ca.subject,
      notBefore,
      notAfter,
      publicKey: serverKeys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension(hosts.map((host) => ({ type: IP_ADDRESS.test(host) ? "ip" : "dns", value: host }))),
        await x509.AuthorityKeyIdentifierExtension.create(ca, false, webcrypto),
      ],
    },
    webcrypto,
  );
  return {
    caPem: ca.toString("pem"),
    certPem: server.toString("pem"),
    keyPem: keyPem(await webcrypto.subtle.exportKey("pkcs8", serverKeys.privateKey)),
  };
}

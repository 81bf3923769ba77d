/*
 * Creating credentials-file entries from passwords: used by operators, tests and
 * the cloud's provisioning worker. Only the results are stored, never the password.
 */
import { randomBytes, scrypt } from "node:crypto";
import type { CredentialsFileJson } from "./credentials-file.js";
import { DEFAULT_SCRAM_ITERATIONS, deriveScramSecrets } from "./scram-keys.js";

type UserJson = CredentialsFileJson["users"][string];
export type ScramCredentialJson = NonNullable<UserJson["scram-sha-256"]>;
export type PlainCredentialJson = NonNullable<UserJson["plain"]>;

/** scrypt with Node's defaults (N=16384, r=8, p=1): about 50 ms and 16 MiB per check. */
export const PLAIN_SCRYPT_KEY_BYTES = 32;

export function scryptHash(password: string, salt: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, PLAIN_SCRYPT_KEY_BYTES, (error, key) => (error ? reject(error) : resolve(key))));
}

/** A "scram-sha-256" entry for `password` with a fresh salt. */
export async function scramCredential(password: string, iterations = DEFAULT_SCRAM_ITERATIONS): Promise<ScramCredentialJson> {
  const secrets = await deriveScramSecrets(password, iterations);
  return {
    salt: secrets.salt.toString("base64"),
    iterations: secrets.iterations,
    storedKey: secrets.storedKey.toString("base64"),
    serverKey: secrets.serverKey.toString("base64"),
  };
}

/** A "plain" entry: scrypt of `password` with a fresh salt. */
export async function plainCredential(password: string): Promise<PlainCredentialJson> {
  const salt = randomBytes(16);
  return { algorithm: "scrypt", salt: salt.toString("base64"), hash: (await scryptHash(password, salt)).toString("base64") };
}

/**
 * The user SPUs replicate as, with a random secret: put `user` under users[username]
 * and `internal` at the top of the same file given to every SPU of the cluster.
 */
export async function internalCredential(username = "freshet-internal"): Promise<{ user: UserJson; internal: NonNullable<CredentialsFileJson["internal"]> }> {
  const secrets = await deriveScramSecrets(randomBytes(32).toString("base64"));
  return {
    user: {
      "scram-sha-256": {
        salt: secrets.salt.toString("base64"),
        iterations: secrets.iterations,
        storedKey: secrets.storedKey.toString("base64"),
        serverKey: secrets.serverKey.toString("base64"),
      },
    },
    internal: { username, clientKey: secrets.clientKey.toString("base64") },
  };
}

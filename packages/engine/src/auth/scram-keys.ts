/*
 * SCRAM-SHA-256 key derivation (RFC 5802 §3, RFC 7677) with node:crypto:
 *   SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, i)
 *   ClientKey = HMAC(SaltedPassword, "Client Key"), StoredKey = SHA-256(ClientKey)
 *   ServerKey = HMAC(SaltedPassword, "Server Key")
 * Passwords are used as given (no SASLprep), as Kafka, kafkajs and librdkafka do.
 * The broker keeps StoredKey and ServerKey only: enough to verify a proof and to
 * sign its answer, not enough to log in.
 */
import { createHash, createHmac, pbkdf2, randomBytes } from "node:crypto";
import { promisify } from "node:util";

const pbkdf2Async = promisify(pbkdf2);

/** Kafka's default and minimum (kafkajs refuses fewer). */
export const DEFAULT_SCRAM_ITERATIONS = 4096;
const SALT_BYTES = 24;
const KEY_BYTES = 32;

export interface ScramSecrets {
  readonly salt: Buffer;
  readonly iterations: number;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

export function hmacSha256(key: Uint8Array, message: string | Uint8Array): Buffer {
  return createHmac("sha256", key).update(message).digest();
}

export function sha256(data: Uint8Array): Buffer {
  return createHash("sha256").update(data).digest();
}

export interface ScramKeyPair {
  readonly clientKey: Buffer;
  readonly serverKey: Buffer;
}

/** PBKDF2 runs on libuv's pool: 4096 rounds must not stall the event loop of a broker. */
export async function scramKeyPair(password: string, salt: Uint8Array, iterations: number): Promise<ScramKeyPair> {
  const salted = await pbkdf2Async(password, salt, iterations, KEY_BYTES, "sha256");
  return { clientKey: hmacSha256(salted, "Client Key"), serverKey: hmacSha256(salted, "Server Key") };
}

/** A fresh salt, and the keys the broker stores for `password`. */
export async function deriveScramSecrets(password: string, iterations = DEFAULT_SCRAM_ITERATIONS): Promise<ScramSecrets & { clientKey: Buffer }> {
  const salt = randomBytes(SALT_BYTES);
  const { clientKey, serverKey } = await scramKeyPair(password, salt, iterations);
  return { salt, iterations, storedKey: sha256(clientKey), serverKey, clientKey };
}

import { createHash, createHmac, pbkdf2Sync } from "node:crypto";

/** RFC 5802 StoredKey and ServerKey of a password with a stored salt: what a SCRAM server keeps. */
export function deriveScramSecretsFromSalt(password: string, saltBase64: string, iterations: number): { storedKey: string; serverKey: string } {
  const salted = pbkdf2Sync(password, Buffer.from(saltBase64, "base64"), iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  return {
    storedKey: createHash("sha256").update(clientKey).digest("base64"),
    serverKey: createHmac("sha256", salted).update("Server Key").digest("base64"),
  };
}

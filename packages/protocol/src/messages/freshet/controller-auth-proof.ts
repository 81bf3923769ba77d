/*
 * The proofs of the controller's challenge–response (ControllerAuthBegin/Prove in
 * controller-api.ts). Both ends hold the cluster's 32-byte controller secret;
 * neither sends it. With Nc the client's nonce and Ns the controller's:
 *
 *   client proof = HMAC-SHA256(secret, "freshet-controller-client-v1" 0x00 Nc Ns)
 *   server proof = HMAC-SHA256(secret, "freshet-controller-server-v1" 0x00 Nc Ns)
 *
 * The controller's fresh nonce makes a recorded client proof useless on another
 * connection; the client's nonce and the distinct labels keep a fake controller
 * from learning a proof it could replay, and let SPUs check that they talk to
 * their own cluster's controller. WebCrypto, so the client runs outside Node too.
 */

/** The secret's length; also the length of both nonces. */
export const CONTROLLER_SECRET_BYTES = 32;
export const CONTROLLER_NONCE_BYTES = 32;

const CLIENT_LABEL = "freshet-controller-client-v1";
const SERVER_LABEL = "freshet-controller-server-v1";

async function hmac(secret: Uint8Array, label: string, clientNonce: Uint8Array, serverNonce: Uint8Array): Promise<Uint8Array> {
  const labelBytes = new TextEncoder().encode(label);
  const message = new Uint8Array(labelBytes.length + 1 + clientNonce.length + serverNonce.length);
  message.set(labelBytes, 0);
  message.set(clientNonce, labelBytes.length + 1);
  message.set(serverNonce, labelBytes.length + 1 + clientNonce.length);
  const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, message));
}

export function controllerClientProof(secret: Uint8Array, clientNonce: Uint8Array, serverNonce: Uint8Array): Promise<Uint8Array> {
  return hmac(secret, CLIENT_LABEL, clientNonce, serverNonce);
}

export function controllerServerProof(secret: Uint8Array, clientNonce: Uint8Array, serverNonce: Uint8Array): Promise<Uint8Array> {
  return hmac(secret, SERVER_LABEL, clientNonce, serverNonce);
}

/** Compares two proofs in time independent of where they differ. */
export function sameProof(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

export function controllerNonce(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(CONTROLLER_NONCE_BYTES));
}

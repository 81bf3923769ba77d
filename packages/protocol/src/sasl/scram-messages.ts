/*
 * SCRAM (RFC 5802) message syntax shared by the broker and the client; the
 * cryptography lives with each side (node:crypto in the engine, WebCrypto in the
 * client, which must run outside Node too).
 *
 * client-first-message = gs2-header client-first-message-bare
 *   gs2-header = "n,," | "y,,"          (no channel binding; "p=" is refused)
 *   client-first-message-bare = "n=" saslname ",r=" c-nonce [",", extensions]
 * server-first-message = "r=" c-nonce s-nonce ",s=" base64(salt) ",i=" iterations
 * client-final-message = "c=" base64(gs2-header) ",r=" nonce ",p=" base64(ClientProof)
 * server-final-message = "v=" base64(ServerSignature) | "e=" error
 */
import { err, ok, type Result } from "../result.js";

/** The attributes of a SCRAM message, in order; duplicates are refused. */
export function scramAttributes(message: string): Result<Map<string, string>, string> {
  const attributes = new Map<string, string>();
  for (const part of message.split(",")) {
    const match = /^([A-Za-z])=(.*)$/s.exec(part);
    if (match === null) return err(`malformed SCRAM attribute "${part}"`);
    const [, name, value] = match as unknown as [string, string, string];
    if (attributes.has(name)) return err(`SCRAM attribute "${name}" given twice`);
    attributes.set(name, value);
  }
  return ok(attributes);
}

/** RFC 5802 saslname: "=" and "," are sent as "=3D" and "=2C". */
export function escapeSaslName(name: string): string {
  return name.replaceAll("=", "=3D").replaceAll(",", "=2C");
}

export function unescapeSaslName(name: string): Result<string, string> {
  if (/=(?!3D|2C)/.test(name)) return err("invalid escape in SCRAM user name");
  return ok(name.replaceAll("=2C", ",").replaceAll("=3D", "="));
}

export interface ClientFirst {
  readonly gs2Header: string;
  readonly username: string;
  readonly clientNonce: string;
  /** The message without its gs2 header: the first part of the AuthMessage. */
  readonly bare: string;
}

export function parseClientFirst(message: string): Result<ClientFirst, string> {
  const match = /^([ny]),([^,]*),(.*)$/s.exec(message);
  if (match === null) return err(message.startsWith("p=") ? "SCRAM channel binding is not supported" : "malformed SCRAM client-first message");
  const [, flag, authzid, bare] = match as unknown as [string, string, string, string];
  if (authzid !== "" && !authzid.startsWith("a=")) return err("malformed SCRAM authorization identity");
  const attributes = scramAttributes(bare);
  if (!attributes.ok) return attributes;
  if (attributes.value.has("m")) return err("SCRAM mandatory extensions are not supported");
  const name = attributes.value.get("n");
  const clientNonce = attributes.value.get("r");
  if (name === undefined || clientNonce === undefined || clientNonce === "") return err("SCRAM client-first message lacks n= or r=");
  const username = unescapeSaslName(name);
  if (!username.ok) return username;
  return ok({ gs2Header: `${flag},${authzid},`, username: username.value, clientNonce, bare });
}

export interface ServerFirst {
  readonly nonce: string;
  readonly salt: Uint8Array;
  readonly iterations: number;
}

export function formatServerFirst(first: ServerFirst): string {
  return `r=${first.nonce},s=${toBase64(first.salt)},i=${first.iterations}`;
}

export function parseServerFirst(message: string): Result<ServerFirst, string> {
  const attributes = scramAttributes(message);
  if (!attributes.ok) return attributes;
  const nonce = attributes.value.get("r");
  const salt = attributes.value.get("s");
  const iterations = Number(attributes.value.get("i"));
  if (nonce === undefined || salt === undefined || !Number.isInteger(iterations) || iterations < 1) {
    return err(attributes.value.has("e") ? `SCRAM error: ${attributes.value.get("e")}` : "malformed SCRAM server-first message");
  }
  return ok({ nonce, salt: base64Bytes(salt), iterations });
}

export interface ClientFinal {
  readonly channelBinding: string;
  readonly nonce: string;
  readonly proof: Uint8Array;
  /** Everything before ",p=": the last part of the AuthMessage. */
  readonly withoutProof: string;
}

export function parseClientFinal(message: string): Result<ClientFinal, string> {
  const at = message.lastIndexOf(",p=");
  if (at < 0) return err("SCRAM client-final message lacks a proof");
  const attributes = scramAttributes(message);
  if (!attributes.ok) return attributes;
  const channelBinding = attributes.value.get("c");
  const nonce = attributes.value.get("r");
  const proof = attributes.value.get("p");
  if (channelBinding === undefined || nonce === undefined || proof === undefined) return err("malformed SCRAM client-final message");
  return ok({ channelBinding, nonce, proof: base64Bytes(proof), withoutProof: message.slice(0, at) });
}

/** client-first-bare "," server-first "," client-final-without-proof: what both sides sign. */
export function authMessage(clientFirstBare: string, serverFirst: string, clientFinalWithoutProof: string): string {
  return `${clientFirstBare},${serverFirst},${clientFinalWithoutProof}`;
}

/** Base64 without Buffer (atob/btoa exist in Node, browsers and edge runtimes alike). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64Bytes(text: string): Uint8Array {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return new Uint8Array();
  }
}

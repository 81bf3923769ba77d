/*
 * The broker's side of one SCRAM-SHA-256 exchange (RFC 5802 §5, RFC 7677), as
 * Kafka's ScramSaslServer: client-first → server-first (nonce, salt, iterations),
 * client-final (proof) → server-final (signature). Two rounds, then done.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { authMessage, formatServerFirst, parseClientFinal, parseClientFirst, toBase64, type ClientFirst } from "@freshet/protocol/sasl/scram-messages";
import { err, ok, type Result } from "@freshet/protocol/result";
import type { CredentialStore } from "./credential-store.js";
import type { ScramCredential } from "./credentials-file.js";
import { hmacSha256, sha256 } from "./scram-keys.js";

export type ScramStep = { readonly kind: "continue"; readonly message: string } | { readonly kind: "done"; readonly message: string; readonly username: string };

/** A printable server nonce; tests inject RFC 7677's. */
export type NonceSource = () => string;
export const randomNonce: NonceSource = () => randomBytes(18).toString("base64");

function xor(a: Uint8Array, b: Uint8Array): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

interface FirstRound {
  readonly client: ClientFirst;
  readonly serverFirst: string;
  /** Client nonce + server nonce. */
  readonly nonce: string;
  readonly credential: ScramCredential;
}

export class ScramServerExchange {
  #first: FirstRound | null = null;
  #finished = false;

  constructor(
    private readonly store: CredentialStore,
    private readonly nonce: NonceSource = randomNonce,
  ) {}

  /** Errors are what the client is told; they never say whether the user exists. */
  step(message: string): Result<ScramStep, string> {
    if (this.#finished) return err("SCRAM exchange already finished");
    if (this.#first === null) return this.#clientFirst(message);
    this.#finished = true;
    return this.#clientFinal(message, this.#first);
  }

  #clientFirst(message: string): Result<ScramStep, string> {
    const client = parseClientFirst(message);
    if (!client.ok) return client;
    const credential = this.store.scramCredential(client.value.username);
    if (credential === undefined) return err("invalid credentials");
    const nonce = client.value.clientNonce + this.nonce();
    const serverFirst = formatServerFirst({ nonce, salt: credential.salt, iterations: credential.iterations });
    this.#first = { client: client.value, serverFirst, nonce, credential };
    return ok({ kind: "continue", message: serverFirst });
  }

  #clientFinal(message: string, first: FirstRound): Result<ScramStep, string> {
    const final = parseClientFinal(message);
    if (!final.ok) return final;
    if (final.value.channelBinding !== toBase64(new TextEncoder().encode(first.client.gs2Header))) return err("SCRAM channel binding mismatch");
    // librdkafka <= 2.6 sends its client nonce twice (r=<cnonce><cnonce><snonce>); Kafka accepts any nonce ending in ours.
    if (!final.value.nonce.endsWith(first.nonce)) return err("SCRAM nonce mismatch");
    const signed = authMessage(first.client.bare, first.serverFirst, final.value.withoutProof);
    const clientSignature = hmacSha256(first.credential.storedKey, signed);
    if (final.value.proof.byteLength !== clientSignature.byteLength) return err("invalid credentials");
    const clientKey = xor(final.value.proof, clientSignature);
    if (!timingSafeEqual(sha256(clientKey), first.credential.storedKey)) return err("invalid credentials");
    const serverSignature = hmacSha256(first.credential.serverKey, signed);
    return ok({ kind: "done", message: `v=${serverSignature.toString("base64")}`, username: first.client.username });
  }
}

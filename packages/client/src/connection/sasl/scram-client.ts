/*
 * The client side of SCRAM-SHA-256 (RFC 5802 §3, RFC 7677) on WebCrypto, so the
 * client keeps running outside Node. The message syntax is shared with the broker
 * (@freshet/protocol/sasl/scram-messages).
 */
import { authMessage, escapeSaslName, parseServerFirst, scramAttributes, toBase64 } from "@freshet/protocol/sasl/scram-messages";
import type { ScramKeys } from "./sasl-options.js";

const encoder = new TextEncoder();
const GS2_HEADER = "n,,";
/** librdkafka refuses more; it also bounds the work a hostile broker can ask of us. */
const MAX_ITERATIONS = 1_000_000;
const MIN_ITERATIONS = 4096;

async function hmac(key: Uint8Array, message: string | Uint8Array): Promise<Uint8Array> {
  const imported = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", imported, typeof message === "string" ? encoder.encode(message) : message));
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
}

export async function scramKeysFromPassword(password: string, salt: Uint8Array, iterations: number): Promise<ScramKeys> {
  const material = await crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, ["deriveBits"]);
  const salted = new Uint8Array(await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, material, 256));
  return { clientKey: await hmac(salted, "Client Key"), serverKey: await hmac(salted, "Server Key") };
}

export class ScramError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScramError";
  }
}

/** One exchange: first() → broker's server-first → final() → broker's server-final → verify(). */
export class ScramClientExchange {
  readonly #bare: string;
  #expectedSignature: Uint8Array | null = null;

  constructor(
    username: string,
    private readonly secret: { password: string } | { keys: ScramKeys },
    private readonly clientNonce: string = randomNonce(),
  ) {
    this.#bare = `n=${escapeSaslName(username)},r=${clientNonce}`;
  }

  first(): string {
    return GS2_HEADER + this.#bare;
  }

  async final(serverFirstMessage: string): Promise<string> {
    const serverFirst = parseServerFirst(serverFirstMessage);
    if (!serverFirst.ok) throw new ScramError(serverFirst.error);
    const { nonce, salt, iterations } = serverFirst.value;
    if (!nonce.startsWith(this.clientNonce) || nonce.length <= this.clientNonce.length) throw new ScramError("SCRAM server nonce does not extend ours");
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) throw new ScramError(`SCRAM iteration count ${iterations} out of range`);
    const keys = "keys" in this.secret ? this.secret.keys : await scramKeysFromPassword(this.secret.password, salt, iterations);
    const withoutProof = `c=${toBase64(encoder.encode(GS2_HEADER))},r=${nonce}`;
    const signed = authMessage(this.#bare, serverFirstMessage, withoutProof);
    const clientSignature = await hmac(await sha256(keys.clientKey), signed);
    const proof = keys.clientKey.map((byte, i) => byte ^ clientSignature[i]!);
    this.#expectedSignature = await hmac(keys.serverKey, signed);
    return `${withoutProof},p=${toBase64(proof)}`;
  }

  /** Checks the broker knew our keys too: a server-final we cannot verify is an impostor. */
  verify(serverFinalMessage: string): void {
    const attributes = scramAttributes(serverFinalMessage);
    if (!attributes.ok) throw new ScramError(attributes.error);
    const error = attributes.value.get("e");
    if (error !== undefined) throw new ScramError(`SCRAM error from broker: ${error}`);
    const signature = attributes.value.get("v");
    const expected = this.#expectedSignature;
    if (signature === undefined || expected === null || signature !== toBase64(expected)) {
      throw new ScramError("SCRAM server signature does not verify");
    }
  }
}

function randomNonce(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(18)));
}

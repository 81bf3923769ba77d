import { createHash, timingSafeEqual } from "node:crypto";
import type { CredentialsFile, ScramCredential } from "./credentials-file.js";
import { scryptHash } from "./create-credentials.js";
import { scramKeyPair, sha256 } from "./scram-keys.js";

/** How an SPU logs in to its peers: SCRAM with keys instead of a password. */
export interface InternalLogin {
  readonly username: string;
  readonly clientKey: Uint8Array;
  readonly serverKey: Uint8Array;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}

/** The users a broker accepts, read from its credentials file. */
export class CredentialStore {
  constructor(private readonly file: CredentialsFile) {}

  scramCredential(username: string): ScramCredential | undefined {
    return this.#user(username)?.["scram-sha-256"];
  }

  /** Whether `password` is `username`'s, by the user's plain hash, else by its SCRAM keys. */
  async verifyPassword(username: string, password: string): Promise<boolean> {
    const user = this.#user(username);
    if (user === undefined) return false;
    const plain = user.plain;
    if (plain?.algorithm === "scrypt") return sameBytes(await scryptHash(password, plain.salt), plain.hash);
    if (plain?.algorithm === "sha256") {
      return sameBytes(createHash("sha256").update(plain.salt).update(password).digest(), plain.hash);
    }
    const scram = user["scram-sha-256"];
    if (scram === undefined) return false;
    const { clientKey } = await scramKeyPair(password, scram.salt, scram.iterations);
    return sameBytes(sha256(clientKey), scram.storedKey);
  }

  internalLogin(): InternalLogin | undefined {
    const internal = this.file.internal;
    if (internal === undefined) return undefined;
    const scram = this.scramCredential(internal.username)!;
    return { username: internal.username, clientKey: internal.clientKey, serverKey: scram.serverKey };
  }

  #user(username: string) {
    return Object.hasOwn(this.file.users, username) ? this.file.users[username] : undefined;
  }
}

import { createHash, timingSafeEqual } from "node:crypto";
import { unwatchFile, watchFile, type Stats } from "node:fs";
import type { Logger } from "../system/logger.js";
import { loadCredentialsFile, type CredentialsFile, type ScramCredential, type UserCredentials } from "./credentials-file.js";
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

/** What a user's secret is verified with, in a fixed order: equal fingerprints, same secret. */
function fingerprint(user: UserCredentials): string {
  const scram = user["scram-sha-256"];
  const plain = user.plain;
  return JSON.stringify([
    scram && [scram.salt.toString("base64"), scram.iterations, scram.storedKey.toString("base64"), scram.serverKey.toString("base64")],
    plain && [plain.algorithm, plain.salt.toString("base64"), plain.hash.toString("base64")],
  ]);
}

/** Users of `before` that are gone from `after` or whose secret changed. */
function revokedUsers(before: CredentialsFile, after: CredentialsFile): string[] {
  return Object.entries(before.users)
    .filter(([name, user]) => !Object.hasOwn(after.users, name) || fingerprint(after.users[name]!) !== fingerprint(user))
    .map(([name]) => name);
}

/** How often a watched credentials file is looked at (a stat call). */
export const CREDENTIALS_POLL_MS = 1_000;

/**
 * The users a broker accepts, read from its credentials file. With watch(), a
 * rewritten file (the cloud's worker adds and revokes users) takes effect without
 * a restart; a file that fails validation is refused and the previous users stay.
 */
export class CredentialStore {
  #file: CredentialsFile;
  #watched: { path: string; listener: (current: Stats, previous: Stats) => void } | null = null;
  #reloads: Promise<void> = Promise.resolve();
  readonly #revokedListeners = new Set<(usernames: readonly string[]) => void>();

  constructor(file: CredentialsFile) {
    this.#file = file;
  }

  /**
   * Re-reads `path` whenever its mtime (or inode: writers replace it by rename) changes.
   * Polling rather than fs.watch, which loses a file replaced by rename.
   */
  watch(path: string, logger: Pick<Logger, "info" | "error" | "warn">, intervalMs = CREDENTIALS_POLL_MS): void {
    if (this.#watched !== null) throw new Error(`already watching ${this.#watched.path}`);
    const listener = (current: Stats, previous: Stats) => {
      if (current.mtimeMs === previous.mtimeMs && current.ino === previous.ino) return;
      // Serialized, so an older read can never land after a newer one.
      this.#reloads = this.#reloads.then(() => this.#reload(path, logger));
    };
    this.#watched = { path, listener };
    watchFile(path, { interval: intervalMs, persistent: false }, listener);
  }

  async #reload(path: string, logger: Pick<Logger, "info" | "error" | "warn">): Promise<void> {
    const loaded = await loadCredentialsFile(path);
    if (!loaded.ok) {
      logger.error({ path, error: loaded.error }, "SASL credentials not reloaded: keeping the previous users");
      return;
    }
    const before = this.#file.internal;
    const after = loaded.value.internal;
    if (before !== undefined && (after?.username !== before.username || !sameBytes(after.clientKey, before.clientKey))) {
      // Replication connections keep logging in with the internal user this broker started with.
      logger.warn({ path }, "the internal user changed: peers use the new one only after a restart");
    }
    const revoked = revokedUsers(this.#file, loaded.value);
    this.#file = loaded.value;
    logger.info({ path, users: Object.keys(loaded.value.users).length, revoked }, "SASL credentials reloaded");
    if (revoked.length > 0) for (const listener of this.#revokedListeners) listener(revoked);
  }

  /**
   * Calls `listener` with the users a reload removed or gave a new secret, whose
   * open connections must end; returns the unsubscribe function.
   */
  onRevoked(listener: (usernames: readonly string[]) => void): () => void {
    this.#revokedListeners.add(listener);
    return () => this.#revokedListeners.delete(listener);
  }

  /** Stops watching; safe to call twice. */
  close(): void {
    if (this.#watched === null) return;
    unwatchFile(this.#watched.path, this.#watched.listener);
    this.#watched = null;
  }

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
    const internal = this.#file.internal;
    if (internal === undefined) return undefined;
    const scram = this.scramCredential(internal.username)!;
    return { username: internal.username, clientKey: internal.clientKey, serverKey: scram.serverKey };
  }

  #user(username: string) {
    return Object.hasOwn(this.#file.users, username) ? this.#file.users[username] : undefined;
  }
}

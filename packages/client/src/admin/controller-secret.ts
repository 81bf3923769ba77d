/*
 * The controller secret file: what proves that a process belongs to a cluster
 * when it talks to the cluster's controller (SC). 32 random bytes, base64 on one
 * line, in a file only its owner may read (mode 0600), created by the SC on its
 * first start. Processes are given its path (--controller-secret), never the
 * secret itself: a command line is visible to every user through `ps`.
 */
import { randomBytes } from "node:crypto";
import { link, readFile, rm, stat, writeFile } from "node:fs/promises";
import { CONTROLLER_SECRET_BYTES } from "@freshet/protocol/messages/freshet/controller-auth-proof";
import { err, ok, type Result } from "@freshet/protocol/result";

/** The name launchers give the file, in the cluster's root data directory. */
export const CONTROLLER_SECRET_FILE = "controller.secret";

/** Group and other permission bits: none may be set. */
const SHARED_MODE_BITS = 0o077;

/** Reads and checks the file; the error is one sentence naming the file. */
export async function readControllerSecret(path: string): Promise<Result<Uint8Array, string>> {
  let text: string;
  try {
    const info = await stat(path);
    if ((info.mode & SHARED_MODE_BITS) !== 0) {
      return err(`controller secret file ${path} may be read by other users (mode ${(info.mode & 0o777).toString(8)}); run chmod 600 on it`);
    }
    text = await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return err(`controller secret file ${path} does not exist (the cluster's SC creates it on its first start)`);
    return err(`cannot read controller secret file ${path}: ${(cause as Error).message}`);
  }
  const trimmed = text.trim();
  const secret = Buffer.from(trimmed, "base64");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || secret.length !== CONTROLLER_SECRET_BYTES) {
    return err(`controller secret file ${path} does not hold ${CONTROLLER_SECRET_BYTES} bytes in base64`);
  }
  return ok(new Uint8Array(secret));
}

/**
 * The secret at `path`, created (random, mode 0600) when there is no file yet.
 * Written beside it, then hard-linked into place: the link is atomic and fails if
 * the file exists, so a crash never leaves half a secret, two starts racing keep
 * one, and an existing secret is never replaced.
 */
export async function ensureControllerSecret(path: string): Promise<Result<Uint8Array, string>> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temp, `${randomBytes(CONTROLLER_SECRET_BYTES).toString("base64")}\n`, { mode: 0o600 });
    await link(temp, path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "EEXIST") return err(`cannot create controller secret file ${path}: ${(cause as Error).message}`);
  } finally {
    await rm(temp, { force: true });
  }
  return readControllerSecret(path);
}

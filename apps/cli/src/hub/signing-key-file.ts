import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { UserError } from "../errors/user-error.js";

/** Private signing keys live beside config.json, one 0600 file each, in a 0700 folder. */
export function signingKeyPath(home: string, keyId: string): string {
  return join(home, "hub-keys", `${keyId}.pem`);
}

/** Writes a new private key; an existing file is never overwritten (`wx`): a key lost is a key no one can replace. */
export async function writeSigningKey(home: string, keyId: string, privateKeyPem: string): Promise<string> {
  const path = signingKeyPath(home, keyId);
  await mkdir(join(home, "hub-keys"), { recursive: true, mode: 0o700 });
  await chmod(join(home, "hub-keys"), 0o700);
  await writeFile(path, privateKeyPem, { mode: 0o600, flag: "wx" });
  return path;
}

export async function readSigningKey(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (cause) {
    throw new UserError(`cannot read the signing key ${path} (${(cause as Error).message}) — make a new one with \`freshet hub keygen\``, 1, { cause });
  }
}

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { internalCredential, plainCredential, scramCredential } from "@freshet/engine/auth/create-credentials";

/**
 * Writes a credentials file for `users` (name → password) into `dir`: each user
 * gets a SCRAM entry and a scrypt PLAIN entry; with `internal`, the SPU replication user too.
 */
export async function writeCredentials(dir: string, users: Record<string, string>, options: { internal?: boolean } = {}): Promise<string> {
  const entries: Record<string, object> = {};
  for (const [name, password] of Object.entries(users)) {
    entries[name] = { "scram-sha-256": await scramCredential(password), plain: await plainCredential(password) };
  }
  const file: Record<string, unknown> = { version: 1, users: entries };
  if (options.internal === true) {
    const internal = await internalCredential();
    entries[internal.internal.username] = internal.user;
    file.internal = internal.internal;
  }
  const path = join(dir, "credentials.json");
  await writeFile(path, JSON.stringify(file, null, 2), { mode: 0o600 });
  return path;
}

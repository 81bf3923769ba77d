import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

/**
 * The local cloud's own secrets, made on its first start and kept beside its tenants' data: the
 * published development values would let anyone who learns a cluster id derive its control
 * password, and forge email-verification links.
 */
export interface LocalCloudSecrets {
  /** The API's BETTER_AUTH_SECRET. */
  readonly betterAuthSecret: string;
  /** The API's and the worker's CONTROL_PLANE_SECRET. */
  readonly controlPlaneSecret: string;
}

const secretsFile = z.object({ betterAuthSecret: z.string().min(32), controlPlaneSecret: z.string().min(32) });

export const SECRETS_FILE = "secrets.json";

/** Reads `<dataDir>/secrets.json`, or writes new random secrets there (0600) on the first start. */
export async function loadOrCreateSecrets(dataDir: string): Promise<LocalCloudSecrets> {
  const path = join(dataDir, SECRETS_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const fresh = { betterAuthSecret: randomBytes(32).toString("hex"), controlPlaneSecret: randomBytes(32).toString("hex") };
  try {
    // "wx": two starts racing on a new folder keep whichever secrets were written first.
    await writeFile(path, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    return fresh;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "EEXIST") throw cause;
  }
  // A copy restored from a backup may have lost its mode: only this user may read it.
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  const parsed = secretsFile.safeParse(JSON.parse(await readFile(path, "utf8")));
  if (!parsed.success)
    throw new Error(`${path} is damaged (${parsed.error.issues[0]?.message ?? "unreadable"}); move it away to start with new secrets (tenant clusters then get new control passwords)`);
  return parsed.data;
}

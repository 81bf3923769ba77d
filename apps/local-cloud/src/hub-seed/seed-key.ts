import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateKeyPair, keyIdOf, type HubKeyPair } from "@freshet/hub/signing";
import { z } from "zod";

/** The local cloud's key that signs the seeded example packages; private, so only this machine's seed can sign with it. */
export const SEED_KEY_FILE = "hub-seed-key.json";

const keySchema = z.object({ privateKeyPem: z.string(), publicKeyPem: z.string(), keyId: z.string() });

/** Reads the seed key from the cloud's data directory, or makes one (0600) at the first start. */
export async function loadOrCreateSeedKey(dataDir: string): Promise<HubKeyPair> {
  const path = join(dataDir, SEED_KEY_FILE);
  const text = await readFile(path, "utf8").catch((cause: NodeJS.ErrnoException) => {
    if (cause.code === "ENOENT") return null;
    throw cause;
  });
  if (text !== null) {
    const parsed = keySchema.safeParse(JSON.parse(text));
    if (!parsed.success || keyIdOf(parsed.data.publicKeyPem) !== parsed.data.keyId) throw new Error(`${path} is not a hub key; delete it to make a new one`);
    return parsed.data;
  }
  const key = generateKeyPair();
  await mkdir(dataDir, { recursive: true });
  // "wx": two starts at once cannot both write a key; the loser reads the winner's.
  const written = await writeFile(path, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600, flag: "wx" }).then(
    () => true,
    (cause: NodeJS.ErrnoException) => {
      if (cause.code === "EEXIST") return false;
      throw cause;
    },
  );
  if (!written) return loadOrCreateSeedKey(dataDir);
  await chmod(path, 0o600);
  return key;
}

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTROLLER_SECRET_FILE, ensureControllerSecret } from "@freshet/client/admin/controller-secret";

/** A controller secret file in a directory of its own (tests remove controller data directories), and the secret it holds. */
export async function testControllerSecret(): Promise<{ readonly file: string; readonly secret: Uint8Array; readonly dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "freshet-sc-secret-"));
  const file = join(dir, CONTROLLER_SECRET_FILE);
  const secret = await ensureControllerSecret(file);
  if (!secret.ok) throw new Error(secret.error);
  return { file, secret: secret.value, dir };
}

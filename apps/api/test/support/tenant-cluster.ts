import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PrismaClient } from "@freshet/db/client";
import { startSpu, type RunningSpu } from "@freshet/client/internal/spu-process";
import { scramCredential } from "@freshet/engine/auth/create-credentials";
import { CONTROL_PLANE_USERNAME, controlPlanePassword } from "@freshet/control-plane/control-plane-login";
import { CONTROL_PLANE_SECRET } from "./api-harness.js";

/**
 * Does what the provisioning worker does for a cluster row, in miniature: a real spu-worker with a
 * SASL credentials file holding the control plane's user and the row's active credentials, then
 * the row marked Running at its address.
 */
export async function provisionLikeTheWorker(prisma: PrismaClient, clusterId: string): Promise<RunningSpu & { stopAll(): Promise<void> }> {
  const credentials = await prisma.clusterCredential.findMany({ where: { clusterId, revokedAt: null } });
  const users: Record<string, unknown> = {
    [CONTROL_PLANE_USERNAME]: { "scram-sha-256": await scramCredential(controlPlanePassword(CONTROL_PLANE_SECRET, clusterId)) },
  };
  for (const c of credentials) users[c.username] = { "scram-sha-256": { salt: c.salt, iterations: c.iterations, storedKey: c.storedKey, serverKey: c.serverKey } };
  const dir = await mkdtemp(join(tmpdir(), "freshet-api-it-"));
  const file = join(dir, "credentials.json");
  await writeFile(file, JSON.stringify({ version: 1, users }));
  const spu = await startSpu({ saslCredentials: file, superUsers: CONTROL_PLANE_USERNAME });
  const [host, port] = spu.bootstrap.split(":") as [string, string];
  await prisma.cluster.update({ where: { id: clusterId }, data: { status: "Running", bootstrapHost: host, bootstrapPort: Number(port) } });
  return {
    ...spu,
    async stopAll() {
      await spu.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

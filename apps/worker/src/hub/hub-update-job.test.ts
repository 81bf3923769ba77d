/*
 * One pass of the update-hub-modules job against Postgres (hub rows as the API's publish stores
 * them), the hub's file blob store and a real broker: a cluster with auto-update on moves its hub
 * module to the newest version its range allows, one with it off stays.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { startSpu, type RunningSpu } from "@freshet/client/internal/spu-process";
import { createPrismaClient, type Prisma, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { createTestDatabase, type TestDatabase } from "@freshet/db/internal/test-database";
import { signedTestPackage, smartModuleManifest } from "@freshet/hub/internal/test-packages";
import { generateKeyPair } from "@freshet/hub/signing";
import { FsBlobStore } from "@freshet/hub/storage";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateHubModulesOfClusters } from "./hub-update-job.js";

let db: TestDatabase;
let prisma: PrismaClient;
let spu: RunningSpu;
let client: FreshetClient;
let blobDir: string;
let blobs: FsBlobStore;
let component: Uint8Array;
let orgId: string;
let packageId: string;
const keys = generateKeyPair();

/** Publishes acme/hot@version as the API's publish stores it: blob first, then the version row. */
async function publish(version: string): Promise<void> {
  const pkg = await signedTestPackage({
    manifest: smartModuleManifest({ version, smartmodule: { world: "freshet:smartmodule/smartmodule@0.1.0", moduleKind: "filter", parameters: {} } }),
    artifact: component,
    keys,
  });
  await blobs.put(pkg.artifactDigest, component);
  await prisma.hubVersion.create({
    data: {
      id: newId("hubVersion"),
      packageId,
      version,
      manifest: pkg.manifest as unknown as Prisma.InputJsonObject,
      readme: "",
      digest: pkg.artifactDigest,
      sizeBytes: component.byteLength,
      bundle: pkg.bundle as unknown as Prisma.InputJsonObject,
      keyId: keys.keyId,
    },
  });
}

async function cluster(hubAutoUpdate: boolean): Promise<string> {
  const [host, port] = spu.bootstrap.split(":") as [string, string];
  const id = newId("cluster");
  await prisma.cluster.create({
    data: { id, orgId, name: `c-${id}`, region: "local", plan: "pro", spuCount: 1, partitionsLimit: 100, status: "Running", hubAutoUpdate, bootstrapHost: host, bootstrapPort: Number(port) },
  });
  return id;
}

beforeAll(async () => {
  component = (await buildSmartModule(examplePath("json-filter"))).wasm;
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  blobDir = await mkdtemp(join(tmpdir(), "freshet-hub-blobs-"));
  blobs = new FsBlobStore(blobDir);
  orgId = newId("organization");
  await prisma.organization.create({ data: { id: orgId, name: "Acme", slug: "acme", createdAt: new Date() } });
  const groupId = newId("hubGroup");
  await prisma.hubGroup.create({ data: { id: groupId, name: "acme", orgId } });
  await prisma.hubKey.create({ data: { id: keys.keyId, orgId, name: "ci", publicKeyPem: keys.publicKeyPem } });
  packageId = newId("hubPackage");
  await prisma.hubPackage.create({ data: { id: packageId, groupId, name: "hot", kind: "smartmodule", visibility: "private", description: "Hot readings.", keywords: [] } });
  spu = await startSpu();
  client = createClient({ bootstrap: spu.bootstrap });
}, 180_000);

afterAll(async () => {
  await client?.close();
  await spu?.stop();
  await prisma?.$disconnect();
  await db?.drop();
  if (blobDir !== undefined) await rm(blobDir, { recursive: true, force: true });
});

describe("the update-hub-modules job", () => {
  it("updates the clusters that opted in from the hub's rows and blobs, audited for the schedule, and nothing on the next pass", async () => {
    await publish("1.0.0");
    const resolved = await prisma.hubVersion.findFirstOrThrow({ where: { version: "1.0.0" } });
    await client.admin.loadSmartModule("acme/hot", "1.0.0", component, {
      provenance: { package: "acme/hot", range: "^1", bundle: resolved.bundle, manifest: resolved.manifest, publicKeyPem: keys.publicKeyPem },
    });
    // Both rows name the same broker: the one with auto-update off must not count.
    const optedIn = await cluster(true);
    await cluster(false);
    await publish("1.1.0");
    await publish("2.0.0");

    const connector = { open: () => createClient({ bootstrap: spu.bootstrap }) };
    const logger = pino({ level: "silent" });
    expect(await updateHubModulesOfClusters({ prisma, connector, blobs, logger })).toEqual({ clusters: 1, updated: 1, failed: 0 });
    expect((await client.admin.listSmartModules()).map((m) => [m.version, m.provenance?.range])).toEqual([
      ["1.0.0", "^1"],
      ["1.1.0", "^1"],
    ]);
    const audits = await prisma.auditLog.findMany({ where: { action: "hub.update" } });
    expect(audits.map((a) => [a.orgId, a.targetId, a.actorUserId, a.actorApiKeyId, (a.metadata as { to: string }).to])).toEqual([[orgId, optedIn, null, null, "1.1.0"]]);

    expect(await updateHubModulesOfClusters({ prisma, connector, blobs, logger })).toEqual({ clusters: 1, updated: 0, failed: 0 });
  });
});

/*
 * The local cloud's seed of the public hub against a real Postgres: every SmartModule example of the
 * repository is published once as freshet/<example>@<version>, signed by the seed key, however often
 * the seed runs (two at once included).
 */
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hubBlobStore } from "@freshet/control-plane/hub/hub-storage";
import { createPrismaClient, type PrismaClient } from "@freshet/db/client";
import { createTestDatabase, type TestDatabase } from "@freshet/db/internal/test-database";
import { parseManifest } from "@freshet/hub/manifest";
import { verifyPackage } from "@freshet/hub/signing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleProjects } from "../src/hub-seed/example-packages.js";
import { examplesDirOf, runHubSeed } from "../src/hub-seed/run-seed.js";
import { SEED_KEY_FILE } from "../src/hub-seed/seed-key.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const examplesDir = examplesDirOf(root);
let db: TestDatabase;
let prisma: PrismaClient;
let dataDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  dataDir = await mkdtemp(join(tmpdir(), "freshet-hub-seed-"));
}, 60_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

describe("the local cloud's hub seed", () => {
  it("publishes every example once, signed by the seed key that verifies each artifact, and nothing on the next runs", async () => {
    const examples = (await readdir(examplesDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(examples.length).toBeGreaterThanOrEqual(5);
    const projects = await exampleProjects(examplesDir);
    const refs = projects.map((p) => `freshet/${p.name}@${p.version}`);

    const seed = () => runHubSeed({ databaseUrl: db.url, dataDir, examplesDir, env: {} });
    expect(await seed()).toBe(`hub: published ${refs.join(", ")}`);
    // Two more at once, as two starts could: both find everything published.
    expect(await Promise.all([seed(), seed()])).toEqual([`hub has the ${projects.length} example SmartModules`, `hub has the ${projects.length} example SmartModules`]);

    expect((await stat(join(dataDir, SEED_KEY_FILE))).mode & 0o777).toBe(0o600);
    const group = await prisma.hubGroup.findUniqueOrThrow({ where: { name: "freshet" }, include: { org: true } });
    expect(group.org.name).toBe("Freshet");
    const versions = await prisma.hubVersion.findMany({ include: { package: true }, orderBy: { package: { name: "asc" } } });
    expect(versions.map((v) => `freshet/${v.package.name}@${v.version}`)).toEqual(refs);
    expect(versions.every((v) => v.package.visibility === "public" && v.package.kind === "smartmodule" && v.package.groupId === group.id)).toBe(true);
    const keys = await prisma.hubKey.findMany();
    expect(keys.map((k) => [k.orgId, k.revokedAt])).toEqual([[group.orgId, null]]);

    const blobs = hubBlobStore({ FRESHET_CLOUD_DATA: dataDir });
    for (const version of versions) {
      const manifest = parseManifest(version.manifest);
      if (!manifest.ok) throw new Error(manifest.message);
      const artifact = await blobs.get(version.digest);
      expect(artifact, version.package.name).not.toBeNull();
      const trustedKeys = keys.map((k) => ({ keyId: k.id, publicKeyPem: k.publicKeyPem }));
      expect(await verifyPackage({ bundle: version.bundle, manifest: manifest.value, artifact: artifact!, trustedKeys }), version.package.name).toEqual({ ok: true, keyId: keys[0]!.id });
      expect(manifest.value.smartmodule?.moduleKind).toMatch(/^(filter|map|filter-map|array-map|aggregate)$/);
    }
    expect(await prisma.auditLog.count({ where: { action: "hub.publish", orgId: group.orgId } })).toBe(refs.length);
  }, 600_000);
});

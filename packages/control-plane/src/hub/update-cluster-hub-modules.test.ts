/*
 * updateClusterHubModules against a real broker (the built spu-worker) and Postgres, with the hub
 * held in memory: the broker verifies every signed load itself.
 */
import { createHash } from "node:crypto";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { startSpu, type RunningSpu } from "@freshet/client/internal/spu-process";
import { createPrismaClient, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { createTestDatabase, type TestDatabase } from "@freshet/db/internal/test-database";
import type { HubManifest } from "@freshet/hub/manifest";
import { resolveVersion } from "@freshet/hub/resolve";
import { generateKeyPair, signPackage } from "@freshet/hub/signing";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HubReader, ResolvedHubVersion } from "./hub-reader.js";
import { updateClusterHubModules } from "./update-cluster-hub-modules.js";

let db: TestDatabase;
let prisma: PrismaClient;
let spu: RunningSpu;
let client: FreshetClient;
let component: Uint8Array;
let clusterId: string;
const key = generateKeyPair();
const actor = { userId: null, apiKeyId: null, ip: null };

function manifestOf(pkg: string, version: string): HubManifest {
  const [group, name] = pkg.split("/") as [string, string];
  return {
    group,
    name,
    version,
    kind: "smartmodule",
    description: "Keeps JSON records whose field equals a value.",
    license: "Apache-2.0",
    keywords: [],
    visibility: "public",
    smartmodule: { world: "freshet:smartmodule/filter-module@0.1.0", moduleKind: "filter", parameters: {} },
  };
}

interface Published extends ResolvedHubVersion {
  readonly yanked: boolean;
}

/** The hub in memory: every version of every package, signed with `key`, all with the same component. */
class MemoryHub implements HubReader {
  readonly packages = new Map<string, Published[]>();

  async publish(pkg: string, version: string, yanked = false): Promise<Published> {
    const manifest = manifestOf(pkg, version);
    const digest = createHash("sha256").update(component).digest("hex");
    const bundle = await signPackage({ manifest, artifactDigest: digest, privateKeyPem: key.privateKeyPem });
    const published = { version, digest, manifest, bundle, publicKeyPem: key.publicKeyPem, keyId: key.keyId, yanked };
    this.packages.set(pkg, [...(this.packages.get(pkg) ?? []), published]);
    return published;
  }

  yank(pkg: string, version: string): void {
    this.packages.set(
      pkg,
      (this.packages.get(pkg) ?? []).map((v) => (v.version === version ? { ...v, yanked: true } : v)),
    );
  }

  async resolve(pkg: string, range: string): Promise<ResolvedHubVersion | null> {
    const versions = this.packages.get(pkg) ?? [];
    const version = resolveVersion(versions, range);
    return versions.find((v) => v.version === version) ?? null;
  }

  async artifact(): Promise<Uint8Array> {
    return component;
  }
}

async function install(hub: MemoryHub, pkg: string, range: string | null, exact: string): Promise<void> {
  const { version, bundle, manifest, publicKeyPem } = (await hub.resolve(pkg, exact))!;
  await client.admin.loadSmartModule(pkg, version, component, { provenance: { package: pkg, range, bundle, manifest, publicKeyPem } });
}

beforeAll(async () => {
  component = (await buildSmartModule(examplePath("json-filter"))).wasm;
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  const orgId = newId("organization");
  await prisma.organization.create({ data: { id: orgId, name: "Acme", slug: "acme", createdAt: new Date() } });
  clusterId = newId("cluster");
  await prisma.cluster.create({ data: { id: clusterId, orgId, name: "main", region: "local", plan: "pro", spuCount: 1, partitionsLimit: 100, status: "Running", hubAutoUpdate: true } });
  spu = await startSpu();
  client = createClient({ bootstrap: spu.bootstrap });
}, 180_000);

afterAll(async () => {
  await client?.close();
  await spu?.stop();
  await prisma?.$disconnect();
  await db?.drop();
});

describe("updateClusterHubModules", () => {
  it("loads the newest non-yanked version a range allows, audits it, and does nothing once the cluster has it", async () => {
    const hub = new MemoryHub();
    await hub.publish("acme/hot", "1.0.0");
    await install(hub, "acme/hot", "^1.0", "1.0.0");
    await hub.publish("acme/pinned", "1.0.0");
    await install(hub, "acme/pinned", null, "1.0.0");
    await client.admin.loadSmartModule("json-filter", "0.1.0", component);
    // Installed at its newest, which is yanked since: the range now allows only older versions, which are no update.
    await hub.publish("acme/warm", "1.0.0");
    await hub.publish("acme/warm", "1.1.0");
    await install(hub, "acme/warm", "^1", "1.1.0");
    hub.yank("acme/warm", "1.1.0");
    await hub.publish("acme/hot", "1.1.0");
    await hub.publish("acme/hot", "1.2.0", true);
    await hub.publish("acme/hot", "2.0.0");
    await hub.publish("acme/pinned", "1.1.0");

    expect(await updateClusterHubModules({ prisma, hub, client, clusterId, actor })).toEqual({ updated: [{ package: "acme/hot", from: "1.0.0", to: "1.1.0" }], failed: [] });
    const listed = await client.admin.listSmartModules();
    expect(listed.map((m) => [`${m.name}@${m.version}`, m.provenance])).toEqual([
      ["acme/hot@1.0.0", { package: "acme/hot", range: "^1.0", keyId: key.keyId }],
      ["acme/hot@1.1.0", { package: "acme/hot", range: "^1.0", keyId: key.keyId }],
      ["acme/pinned@1.0.0", { package: "acme/pinned", range: null, keyId: key.keyId }],
      ["acme/warm@1.1.0", { package: "acme/warm", range: "^1", keyId: key.keyId }],
      ["json-filter@0.1.0", null],
    ]);
    const audits = await prisma.auditLog.findMany({ where: { action: "hub.update" } });
    expect(audits.map((a) => [a.targetType, a.targetId, a.actorUserId, a.metadata])).toEqual([
      ["cluster", clusterId, null, { package: "acme/hot", from: "1.0.0", to: "1.1.0", range: "^1.0", keyId: key.keyId }],
    ]);

    expect(await updateClusterHubModules({ prisma, hub, client, clusterId, actor })).toEqual({ updated: [], failed: [] });
    expect(await prisma.auditLog.count({ where: { action: "hub.update" } })).toBe(1);
  });

  it("reports a version the cluster refuses (its artifact changed after signing) and audits nothing for it", async () => {
    const hub = new MemoryHub();
    await hub.publish("acme/cold", "1.0.0");
    await install(hub, "acme/cold", "^1", "1.0.0");
    await hub.publish("acme/cold", "1.0.1");
    const tampered = component.slice();
    tampered[100] = tampered[100]! ^ 0xff;
    hub.artifact = async () => tampered;
    const result = await updateClusterHubModules({ prisma, hub, client, clusterId, actor });
    expect(result.updated).toEqual([]);
    expect(result.failed).toEqual([{ package: "acme/cold", to: "1.0.1", message: expect.stringContaining("The artifact of acme/cold@1.0.1 does not match its signed digest") }]);
    expect((await client.admin.listSmartModules()).filter((m) => m.name === "acme/cold").map((m) => m.version)).toEqual(["1.0.0"]);
    expect(await prisma.auditLog.count({ where: { action: "hub.update", metadata: { path: ["package"], equals: "acme/cold" } } })).toBe(0);
  });
});

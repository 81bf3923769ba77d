import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { afterAll, beforeAll, expect, it } from "vitest";
import { signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";
import { sha256 } from "./support/digest.js";
import { publish, setUpPublisher, smartModuleManifest, type Publisher } from "./support/hub-publisher.js";
import { provisionLikeTheWorker } from "./support/tenant-cluster.js";

let api: TestApi;
let tenant: Awaited<ReturnType<typeof provisionLikeTheWorker>>;
let ada: Client;
let clusterId: string;
let acme: Publisher;
let wasm: Uint8Array;

beforeAll(async () => {
  api = await startTestApi();
  ada = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  const org = await ada.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await ada.orgs.setActive.mutate({ organizationId: org.id });
  clusterId = (await ada.clusters.create.mutate({ name: "main", region: "local", plan: "free" })).id;
  tenant = await provisionLikeTheWorker(api.prisma, clusterId);
  acme = await setUpPublisher(ada, "acme");
  ({ wasm } = await buildSmartModule(examplePath("json-filter")));
}, 120_000);
afterAll(async () => {
  await tenant?.stopAll();
  await api?.close();
});

it("leaves the signature check to the cluster: bytes changed in storage are refused there with its sentence", async () => {
  const manifest = smartModuleManifest({ group: "acme", name: "json-filter", version: "1.0.0" });
  expect((await publish(api.url, acme.publishKey, { manifest, artifact: wasm }, acme.keys.privateKeyPem)).status).toBe(201);
  const digest = sha256(wasm);
  const tampered = new Uint8Array(wasm);
  tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 0xff;
  await writeFile(join(api.hubDir, "sha256", digest.slice(0, 2), digest), tampered);

  const refused = await ada.hub.install.mutate({ clusterId, group: "acme", name: "json-filter", range: "^1" }).catch((e: Error) => e.message);
  expect(refused).toBe("The artifact of acme/json-filter@1.0.0 does not match its signed digest: it was changed after signing.");
  expect(await ada.smartModules.list.query({ clusterId })).toEqual([]);
  expect(await api.prisma.auditLog.count({ where: { action: "hub.install" } })).toBe(0);

  await writeFile(join(api.hubDir, "sha256", digest.slice(0, 2), digest), wasm);
  expect(await ada.hub.install.mutate({ clusterId, group: "acme", name: "json-filter", range: "1.0.0" })).toEqual({ name: "acme/json-filter", version: "1.0.0" });
  // Pinned by an exact version: no range recorded, so updates leave it where it is.
  expect((await ada.smartModules.list.query({ clusterId })).map((m) => [m.name, m.version, m.provenance])).toEqual([
    ["acme/json-filter", "1.0.0", { package: "acme/json-filter", range: null, keyId: acme.keys.keyId }],
  ]);
  expect(await ada.hub.update.mutate({ clusterId })).toEqual({ updated: [], failed: [] });
}, 120_000);

it("refuses to deploy a connector from the hub, in one sentence", async () => {
  const manifest = smartModuleManifest({ group: "acme", name: "http-in", version: "1.0.0", kind: "connector", smartmodule: undefined, connector: { direction: "source", configSchema: {} } });
  const { smartmodule: _unused, ...connectorManifest } = manifest;
  const artifact = new TextEncoder().encode("export default {};\n");
  const answer = await publish(api.url, acme.publishKey, { manifest: connectorManifest, artifact }, acme.keys.privateKeyPem);
  expect(answer.status).toBe(201);
  expect(await ada.hub.install.mutate({ clusterId, group: "acme", name: "http-in", range: "*" }).catch((e: Error) => e.message)).toBe("Deploying connectors from the hub is not supported yet.");
});

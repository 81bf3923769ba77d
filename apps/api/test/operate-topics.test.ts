import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_ORIGIN, codeOf, signUp, startTestApi, trpcClient, type Client, type TestApi } from "./support/api-harness.js";
import { provisionLikeTheWorker } from "./support/tenant-cluster.js";

let api: TestApi;
let tenant: Awaited<ReturnType<typeof provisionLikeTheWorker>>;
let ada: Client;
let adaCookie: string;
let eve: Client;
let eveCookie: string;
let clusterId: string;
let kafka: Kafka;

/** The first record's time; record i of "orders" partition 0 was made i seconds later. */
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);

const messageOf = (call: () => Promise<unknown>): Promise<string> =>
  call().then(
    () => "OK",
    (error: Error) => error.message,
  );

/** The console's upload: the .wasm as the body of one POST, with the session cookie. */
function upload(cookie: string, cluster: string, name: string, version: string, body: Uint8Array): Promise<Response> {
  const query = new URLSearchParams({ clusterId: cluster, name, version });
  return fetch(`${api.url}/api/smartmodules/load?${query}`, { method: "POST", headers: { cookie, origin: CONSOLE_ORIGIN, "content-type": "application/wasm" }, body });
}

/** The console's in-browser trial fetching a loaded module's component, with the session cookie. */
function download(cookie: string, cluster: string, name: string): Promise<Response> {
  return fetch(`${api.url}/api/smartmodules/component?${new URLSearchParams({ clusterId: cluster, name })}`, { headers: { cookie, origin: CONSOLE_ORIGIN } });
}

beforeAll(async () => {
  api = await startTestApi();
  adaCookie = await signUp(api, "ada@example.com");
  ada = trpcClient(api, { cookie: adaCookie });
  const org = await ada.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await ada.orgs.setActive.mutate({ organizationId: org.id });
  const cluster = await ada.clusters.create.mutate({ name: "main", region: "local", plan: "free", spus: 1 });
  clusterId = cluster.id;
  const credential = await ada.credentials.create.mutate({ clusterId, name: "laptop" });
  tenant = await provisionLikeTheWorker(api.prisma, clusterId);
  kafka = new Kafka({ brokers: [tenant.bootstrap], clientId: "laptop", logLevel: logLevel.NOTHING, sasl: { mechanism: "scram-sha-256", username: "laptop", password: credential.password } });
  eveCookie = await signUp(api, "eve@example.com");
  eve = trpcClient(api, { cookie: eveCookie });
  const evil = await eve.orgs.create.mutate({ name: "Evil", slug: "evil" });
  await eve.orgs.setActive.mutate({ organizationId: evil.id });
}, 180_000);

afterAll(async () => {
  await tenant?.stopAll();
  await api?.close();
});

describe("topics", () => {
  it("creates a topic with its settings and lists it with partitions, replication, retention and size", async () => {
    await ada.topics.create.mutate({ clusterId, name: "orders", partitions: 2, replicationFactor: 1, retentionMs: 3_600_000, compression: "zstd", durability: "interval", maxMessageBytes: 65_536 });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: "orders",
      messages: Array.from({ length: 10 }, (_, i) => ({
        partition: 0,
        key: `k${i % 2}`,
        value: JSON.stringify({ i, item: `book-${i}` }),
        timestamp: String(T0 + i * 1000),
        headers: { trace: `t-${i}` },
      })),
    });
    await producer.send({ topic: "orders", messages: [{ partition: 1, key: "k1", value: "plain text", timestamp: String(T0 + 500) }] });
    await producer.disconnect();

    const [orders] = await ada.topics.list.query({ clusterId });
    expect(orders).toMatchObject({ name: "orders", partitions: 2, replicationFactor: 1, retentionMs: 3_600_000, retentionBytes: -1, derivedFrom: null });
    expect(orders!.sizeBytes).toBeGreaterThan(0);

    const described = await ada.topics.describe.query({ clusterId, topic: "orders" });
    expect(described.partitions.map((p) => [p.partition, p.leader, p.replicas, p.isr, p.logStartOffset, p.highWatermark])).toEqual([
      [0, p0Leader(described), [p0Leader(described)], [p0Leader(described)], 0, 10],
      [1, p0Leader(described), [p0Leader(described)], [p0Leader(described)], 0, 1],
    ]);
    expect(described.partitions[0]!.sizeBytes! + described.partitions[1]!.sizeBytes!).toBe(orders!.sizeBytes);
    const config = (name: string) => described.configs.find((c) => c.name === name);
    expect(config("compression.type")).toEqual({ name: "compression.type", value: "zstd", isDefault: false, editable: true });
    expect(config("freshet.durability")).toEqual({ name: "freshet.durability", value: "interval", isDefault: false, editable: false });
    expect(config("retention.bytes")).toMatchObject({ value: "-1", isDefault: true, editable: true });
    expect(described.derived).toBeNull();
  });

  it("refuses bad names and settings with one sentence each, and never cuts a long name", async () => {
    const create = (name: string, more: Record<string, number> = {}) => messageOf(() => ada.topics.create.mutate({ clusterId, name, partitions: 1, ...more }));
    expect(await create("..")).toContain('".." cannot be a topic name: Kafka reserves "." and "..".');
    expect(await create("__mine")).toContain('Topic names starting with "__" are reserved');
    expect(await create("x".repeat(250))).toContain("A topic name has at most 249 characters; this one has 250.");
    expect(await create("many", { partitions: 10_001 })).toContain("A topic has at most 10,000 partitions.");
    expect(await create("copies", { replicationFactor: 2 })).toBe("This cluster has 1 SPU, so a topic has at most 1 replica; 2 were asked for.");
    expect(await create("huge", { partitions: 9 })).toMatch(/^This cluster allows 10 partitions in all; it has \d+ and 9 more were asked for\.$/);
    expect((await ada.topics.list.query({ clusterId })).map((t) => t.name)).toEqual(["orders"]);
  });

  it("edits the configs the engine allows to change and says why it refuses the others", async () => {
    await ada.topics.alterConfig.mutate({ clusterId, topic: "orders", name: "retention.ms", value: "7200000" });
    await ada.topics.alterConfig.mutate({ clusterId, topic: "orders", name: "compression.type", value: null });
    const configs = (await ada.topics.describe.query({ clusterId, topic: "orders" })).configs;
    expect(configs.find((c) => c.name === "retention.ms")).toMatchObject({ value: "7200000", isDefault: false });
    expect(configs.find((c) => c.name === "compression.type")).toMatchObject({ value: "producer", isDefault: true });

    const alter = (name: string, value: string) => messageOf(() => ada.topics.alterConfig.mutate({ clusterId, topic: "orders", name: name as "retention.ms", value }));
    expect(await alter("freshet.durability", "none")).toContain("That setting cannot be changed after the topic is created.");
    expect(await alter("max.message.bytes", "99999999")).toBe("The largest message size is at most 16 MiB (16,777,216 bytes).");
    expect(await alter("cleanup.policy", "shred")).toBe("The cluster refused it: Invalid value for 'cleanup.policy': 'shred' is not a cleanup policy (delete, compact).");
    expect(await codeOf(() => eve.topics.describe.query({ clusterId, topic: "orders" }))).toBe("NOT_FOUND");
  });

  it("answers an unknown topic as not found", async () => {
    expect(await codeOf(() => ada.topics.describe.query({ clusterId, topic: "nope" }))).toBe("NOT_FOUND");
  });
});

function p0Leader(described: { partitions: readonly { leader: number }[] }): number {
  return described.partitions[0]!.leader;
}

describe("message browser", () => {
  const browse = (input: Partial<Parameters<Client["topics"]["messages"]["query"]>[0]>) =>
    ada.topics.messages.query({ clusterId, topic: "orders", partition: 0, order: "oldest-first", seek: { kind: "edge" }, ...input });

  it("finds a record by timestamp with its headers", async () => {
    const page = await browse({ seek: { kind: "timestamp", timestamp: T0 + 4_500 }, pageSize: 2 });
    expect(page.records.map((r) => [r.offset, r.timestamp, r.key, r.value, r.headers])).toEqual([
      [5, T0 + 5_000, "k1", JSON.stringify({ i: 5, item: "book-5" }), [{ key: "trace", value: "t-5" }]],
      [6, T0 + 6_000, "k0", JSON.stringify({ i: 6, item: "book-6" }), [{ key: "trace", value: "t-6" }]],
    ]);
    expect(page.next).toEqual([{ partition: 0, position: 7 }]);
  });

  it("pages newest first over every partition, and filters by key or text with a bounded scan", async () => {
    const first = await ada.topics.messages.query({ clusterId, topic: "orders", partition: null, order: "newest-first", seek: { kind: "edge" }, pageSize: 4 });
    expect(first.records.map((r) => `${r.partition}/${r.offset}`)).toEqual(["0/9", "0/8", "0/7", "0/6"]);
    const second = await ada.topics.messages.query({ clusterId, topic: "orders", partition: null, order: "newest-first", seek: { kind: "edge" }, pageSize: 4, cursor: first.next });
    expect(second.records.map((r) => `${r.partition}/${r.offset}`)).toEqual(["0/5", "0/4", "0/3", "0/2"]);

    const byKey = await browse({ filter: { key: "k1" }, pageSize: 100, partition: null });
    expect(byKey.records.map((r) => `${r.partition}/${r.offset}`)).toEqual(["1/0", "0/1", "0/3", "0/5", "0/7", "0/9"]);
    const byText = await browse({ filter: { contains: "book-7" } });
    expect(byText.records.map((r) => r.offset)).toEqual([7]);
    expect(byText).toMatchObject({ scanned: 10, scanLimit: 5_000, ranges: [{ partition: 0, from: 0, to: 10 }], next: null });
  });

  it("refuses a partition the topic does not have, and a page over the limit, with a sentence", async () => {
    expect(await messageOf(() => browse({ partition: 7 }))).toBe('Topic "orders" has 2 partitions (0 to 1); there is no partition 7.');
    expect(await messageOf(() => browse({ pageSize: 101 }))).toContain("A page shows at most 100 records.");
  });
});

describe("SmartModules and derived topics", () => {
  it("loads a .wasm upload, shows where it is used, refuses produce to a derived topic and deletion while used", async () => {
    expect(await (await upload(adaCookie, clusterId, "json-filter", "0.1.0", new TextEncoder().encode("hello"))).json()).toMatchObject({
      error: { message: "That file is not a WebAssembly module: choose the .wasm file a SmartModule build made (smdk build).", data: { code: "BAD_REQUEST" } },
    });
    const coreModule = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const rejected = (await (await upload(adaCookie, clusterId, "json-filter", "0.1.0", coreModule)).json()) as { error: { message: string } };
    expect(rejected.error.message).toMatch(/^The cluster rejected the SmartModule: SmartModule json-filter@0\.1\.0 was rejected: .+\.$/);
    expect(((await (await upload(adaCookie, clusterId, "Bad Name", "0.1.0", coreModule)).json()) as { error: { message: string } }).error.message).toContain(
      "A SmartModule name uses lowercase letters",
    );

    const { wasm } = await buildSmartModule(examplePath("json-filter"));
    expect((await upload(eveCookie, clusterId, "json-filter", "0.1.0", wasm)).status).toBe(404);
    const loaded = await upload(adaCookie, clusterId, "json-filter", "0.1.0", wasm);
    expect(await loaded.json()).toEqual({ result: { data: { name: "json-filter", version: "0.1.0", kind: "filter" } } });

    const component = await download(adaCookie, clusterId, "json-filter");
    expect([component.status, component.headers.get("content-type"), component.headers.get("x-smartmodule-version")]).toEqual([200, "application/wasm", "0.1.0"]);
    expect(Buffer.compare(Buffer.from(await component.arrayBuffer()), Buffer.from(wasm))).toBe(0);
    expect((await download(eveCookie, clusterId, "json-filter")).status).toBe(404);
    const missing = await download(adaCookie, clusterId, "hot-filter");
    expect([missing.status, ((await missing.json()) as { error: { message: string } }).error.message]).toEqual([404, "No SmartModule hot-filter is loaded in this cluster."]);

    const admin = kafka.admin();
    await admin.connect();
    const chain = [{ module: "json-filter@0.1.0", params: { field: "item", value: "book-3" } }];
    await admin.createTopics({
      topics: [
        {
          topic: "book-3",
          numPartitions: 2,
          configEntries: [
            { name: "freshet.source", value: "orders" },
            { name: "freshet.smartmodules", value: JSON.stringify(chain) },
          ],
        },
      ],
    });
    await admin.disconnect();

    const [module] = await ada.smartModules.list.query({ clusterId });
    expect(module).toMatchObject({ name: "json-filter", version: "0.1.0", kind: "filter", usedBy: [{ topic: "book-3", derived: true }] });
    expect(module!.params.map((p) => p.name)).toContain("field");

    const derived = await ada.topics.describe.query({ clusterId, topic: "book-3" });
    expect(derived.derived).toEqual({ source: "orders", chain });
    expect((await ada.topics.list.query({ clusterId })).find((t) => t.name === "book-3")?.derivedFrom).toBe("orders");
    expect(await messageOf(() => ada.topics.produce.mutate({ clusterId, topic: "book-3", value: "{}" }))).toBe(
      '"book-3" is derived from "orders": the cluster writes it from "orders" through its SmartModule chain. Produce to "orders" instead.',
    );
    expect(await messageOf(() => ada.smartModules.delete.mutate({ clusterId, name: "json-filter", version: "0.1.0" }))).toBe(
      'json-filter@0.1.0 is used by derived topic "book-3"; delete that topic first.',
    );

    const namesBefore = (await ada.topics.list.query({ clusterId })).map((t) => t.name);
    await ada.topics.delete.mutate({ clusterId, name: "book-3" });
    // The delete answers once the SPUs have dropped the topic, so a listing right after it no longer shows it.
    expect((await ada.topics.list.query({ clusterId })).map((t) => t.name)).toEqual(namesBefore.filter((name) => name !== "book-3"));
    await ada.smartModules.delete.mutate({ clusterId, name: "json-filter", version: "0.1.0" });
    expect(await ada.smartModules.list.query({ clusterId })).toEqual([]);
    expect(await messageOf(() => ada.smartModules.delete.mutate({ clusterId, name: "json-filter", version: "0.1.0" }))).toBe("No SmartModule json-filter@0.1.0 is loaded in this cluster.");
  }, 120_000); // loading compiles and starts a 12 MiB component on the broker
});

import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { createPrismaClient } from "@freshet/db/client";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel, type Consumer, type Producer } from "kafkajs";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { callApi, createRunningCluster, mutateFromPage, signUpWithOrganization } from "./support/console-user";
import { startCloudAndBrowser } from "./support/cloud-and-browser";
import type { LocalCloud } from "./support/local-cloud";
import { screenshotRecorder } from "./support/screenshots";
import { runSnippet } from "./support/shell-snippet";

// Issue 13's operations, in a real browser against the real cloud. Starting the cloud, signing up and
// provisioning a cluster is most of what each of these takes, so the four scenarios share one cloud, one
// signed-up owner and one running cluster; each has its own page (its own viewport and time zone) on
// that owner's session, its own topics and its own credentials, so none sees another's data. The
// overview metrics come first: they count every partition of the cluster.

let cloud: LocalCloud;
let browser: Browser;
let clusterId: string;
/** The owner's signed-in session (cookies), for every scenario's page. */
let session: Awaited<ReturnType<BrowserContext["storageState"]>> | undefined;

beforeAll(async () => {
  ({ cloud, browser } = await startCloudAndBrowser());
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
}, 120_000);

/**
 * Waits until the cluster accepts the login `kafka` was made with. A new credential reaches the
 * brokers through the worker and the SPUs' poll of their credentials file, and kafkajs never
 * retries a refused login (KafkaJSSASLAuthenticationError is non-retriable).
 */
async function loginAccepted(kafka: Kafka): Promise<void> {
  await expect
    .poll(
      async () => {
        const admin = kafka.admin();
        try {
          await admin.connect();
          return true;
        } catch {
          return false;
        } finally {
          await admin.disconnect();
        }
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(true);
}

/** A page of the owner's session, on the cluster's overview. */
async function ownerPage(options: BrowserContextOptions): Promise<Page> {
  if (session === undefined) throw new Error("no owner with a running cluster: the first test failed");
  const context = await browser.newContext({ baseURL: cloud.consoleUrl, storageState: session, ...options });
  const page = await context.newPage();
  await page.goto(`/clusters/${clusterId}`);
  return page;
}

/** Screenshots of one scenario, and on failure the last one plus what the cloud printed. */
function recordScenario(page: Page, shots: ReturnType<typeof screenshotRecorder>): void {
  onTestFailed(async () => {
    await shots.take(page, "failed-here");
    console.log(cloud.output());
  });
}

// The scenarios' shared start, as a test of its own (the sign-up helpers assert as they go).
it("signs up an owner with an organization and a running cluster", { timeout: 300_000 }, async () => {
  const context = await browser.newContext({ baseURL: cloud.consoleUrl, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const shots = screenshotRecorder("console-operate-owner");
  recordScenario(page, shots);
  await signUpWithOrganization(page, cloud.mailbox, { name: "Ada Lovelace", email: `ada-${Date.now()}@example.com` }, { name: "Analytical Engines", slug: "analytical-engines" });
  clusterId = await createRunningCluster(page, "ops");
  session = await context.storageState();
  await context.close();
});

// Issue 13's "overview charts move while a kafkajs producer runs": the worker scrapes the cluster's
// SPUs every second here (METRICS_INTERVAL_MS in startLocalCloud), the overview shows what it stored.
describe("cluster overview metrics", () => {
  let page: Page;
  let producer: Producer | undefined;
  const shots = screenshotRecorder("operate-metrics");

  afterAll(async () => {
    await producer?.disconnect();
    await page?.context().close();
    console.log(`operate-metrics screenshots:\n${shots.paths.join("\n")}`);
  });

  /** The number a tile shows, or null while it shows none ("–"). */
  async function tileValue(on: Page, testId: string): Promise<number | null> {
    const text = (await on.getByTestId(testId).textContent()) ?? "";
    const value = Number(text.replaceAll(",", ""));
    return text === "–" || Number.isNaN(value) ? null : value;
  }

  it("show throughput rising while a producer runs, with partitions, SPUs and charts", { timeout: 300_000 }, async () => {
    page = await ownerPage({ viewport: { width: 1280, height: 900 } });
    recordScenario(page, shots);
    const bootstrap = (await page.getByTestId("bootstrap").textContent())!;

    await page.getByLabel("Credential name").fill("loadgen");
    await page.getByRole("button", { name: "Create credential" }).click();
    const password = (await page.getByTestId("secret-value").textContent())!;
    const username = (await page.getByTestId("credential-username").textContent())!;

    // Idle: the SPU is live and the tiles have values, but nothing flows.
    await page.getByTestId("spu-row-0").getByText("Live").waitFor({ timeout: 60_000 });
    await shots.take(page, "overview-idle");

    const kafka = new Kafka({ brokers: [bootstrap], sasl: { mechanism: "scram-sha-256", username, password }, logLevel: logLevel.NOTHING });
    await loginAccepted(kafka);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: "telemetry", numPartitions: 3 }] });
    await admin.disconnect();
    // The cluster's first topic: no other scenario has made one yet.
    await expect.poll(() => tileValue(page, "tile-partitions"), { timeout: 60_000 }).toBe(3);

    producer = kafka.producer();
    await producer.connect();
    const running = producer;
    let sending = true;
    let sent = 0;
    const load = (async () => {
      while (sending) {
        await running.send({ topic: "telemetry", messages: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: JSON.stringify({ sent, reading: i }) })) });
        sent += 20;
      }
    })();
    try {
      // The produce rate the overview reports rises above zero while the producer runs.
      await expect.poll(() => tileValue(page, "tile-in-rate"), { timeout: 90_000, interval: 1_000 }).toBeGreaterThan(0);
      // The charts have drawn lines from several points.
      await expect.poll(() => page.getByTestId("chart-records").locator(".recharts-line-curve").count(), { timeout: 30_000 }).toBe(2);
      await shots.take(page, "overview-under-load");
    } finally {
      sending = false;
      await load;
    }
    expect(sent).toBeGreaterThan(0);
    expect(await tileValue(page, "tile-under-replicated")).toBe(0);
    const led = await page.getByTestId("spu-row-0").getByRole("cell").nth(2).textContent();
    // The three partitions of telemetry (and __consumer_offsets' if a group ever committed) are led by the one SPU.
    expect(Number(led?.match(/\d+/)?.[0])).toBeGreaterThanOrEqual(3);
    const storageChart = page.getByTestId("chart-storage");
    expect(await storageChart.locator(".recharts-line-curve").count()).toBe(1);

    await page.getByRole("button", { name: "Last day" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Last day" }).getAttribute("aria-pressed")).toBe("true");
    await page.getByTestId("chart-records").waitFor();
    await shots.take(page, "overview-last-day");
  });
});

// Issue 13's topic journey: a topic created with its settings, records produced by kafkajs with headers
// and timestamps and found again by time in the message browser, a config edited, a SmartModule loaded
// from a .wasm upload and a derived topic shown with its chain and without a produce form, and the
// sentences each bad input gets.
describe("operate topics", () => {
  let page: Page;
  const shots = screenshotRecorder("console-operate-topics");
  /** Record i of partition 0 was made i seconds after this local time (the browser's time zone is the test's). */
  const T0 = new Date(2026, 0, 2, 3, 4, 5).getTime();
  const LONG_NAME = `audit-${"very-long-topic-name-".repeat(11)}end`;

  afterAll(async () => {
    await page?.context().close();
    console.log(`operate-topics screenshots:\n${shots.paths.join("\n")}`);
  });

  /** The sentence shown under (or for) a form field, by its text. */
  const sentence = (text: string) => page.getByText(text, { exact: true });

  async function kafkaFor(clusterId: string): Promise<Kafka> {
    const credential = await mutateFromPage<{ username: string; password: string }>(page, "credentials.create", { clusterId, name: "laptop" });
    const prisma = createPrismaClient(cloud.databaseUrl);
    try {
      const cluster = await prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
      const kafka = new Kafka({
        brokers: [`${cluster.bootstrapHost}:${cluster.bootstrapPort}`],
        clientId: "laptop",
        logLevel: logLevel.NOTHING,
        ssl: { ca: [cluster.tlsCaPem!] },
        sasl: { mechanism: "scram-sha-256", username: credential.username, password: credential.password },
        retry: { retries: 20 },
      });
      await loginAccepted(kafka);
      return kafka;
    } finally {
      await prisma.$disconnect();
    }
  }

  it("creates, produces, browses by time, configures, loads a SmartModule and shows a derived topic", { timeout: 600_000 }, async () => {
    page = await ownerPage({ viewport: { width: 1280, height: 900 } });
    recordScenario(page, shots);

    // Topics tab: the create form's sentences, each under its field, from the limits the API uses.
    await page.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: "Topics" }).click();
    await page.waitForURL(/\/topics$/);
    await page.getByRole("button", { name: "Create topic" }).click();
    const form = page.getByRole("form", { name: "Create topic" });
    const name = form.getByLabel("Topic name");
    const submit = form.getByRole("button", { name: "Create topic" });
    for (const [bad, said] of [
      ["..", '".." cannot be a topic name: Kafka reserves "." and "..".'],
      [".", '"." cannot be a topic name: Kafka reserves "." and "..".'],
      ["__mine", 'Topic names starting with "__" are reserved for the cluster\'s internal topics.'],
      ["two words", "A topic name uses only letters, digits, dots (.), dashes (-) and underscores (_)."],
    ] as const) {
      await name.fill(bad);
      await submit.click();
      await sentence(said).waitFor();
    }
    // Too long: refused and kept whole in the field, never cut to fit.
    await name.fill("x".repeat(250));
    await submit.click();
    await sentence("A topic name has at most 249 characters; this one has 250.").waitFor();
    expect((await name.inputValue()).length).toBe(250);
    await name.fill("orders");
    await form.getByLabel("Partitions").fill("10001");
    await form.getByLabel("Largest message (bytes)").fill("99999999");
    await submit.click();
    await sentence("A topic has at most 10,000 partitions.").waitFor();
    await sentence("The largest message size is at most 16 MiB (16,777,216 bytes).").waitFor();
    await shots.take(page, "create-topic-bad-input");

    await form.getByLabel("Partitions").fill("2");
    await form.getByLabel("Retention time").selectOption({ label: "1 day" });
    await form.getByLabel("Durability").selectOption("interval");
    await form.getByLabel("Compression").selectOption("zstd");
    await form.getByLabel("Largest message (bytes)").fill("65536");
    await shots.take(page, "create-topic-settings");
    await submit.click();
    await page.waitForURL(/\/topics\/orders$/);

    // kafkajs from a laptop: ten records with headers and timestamps one second apart.
    const kafka = await kafkaFor(clusterId);
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
    await producer.disconnect();

    // Overview: the partitions table.
    await page.reload();
    const partitions = page.getByRole("table", { name: "Partitions" });
    await expect.poll(() => partitions.getByRole("row").nth(1).getByRole("cell").nth(5).textContent()).toBe("10");
    await shots.take(page, "topic-overview");

    // Messages: partition 0 from a time finds the record made then, with its headers.
    await page.getByRole("tab", { name: "Messages" }).click();
    const finder = page.getByRole("form", { name: "Find messages" });
    await finder.getByLabel("Partition").selectOption("0");
    await finder.getByLabel("Order").selectOption("oldest-first");
    await finder.getByLabel("Start at").selectOption("offset");
    await finder.getByLabel("Offset").fill("five");
    await finder.getByRole("button", { name: "Show messages" }).click();
    await sentence("Enter an offset: a whole number, 0 or more.").waitFor();
    await finder.getByLabel("Start at").selectOption("timestamp");
    const at = new Date(T0 + 5_000);
    const local = (n: number) => String(n).padStart(2, "0");
    await finder
      .getByLabel("Time (your local time)")
      .fill(`${at.getFullYear()}-${local(at.getMonth() + 1)}-${local(at.getDate())}T${local(at.getHours())}:${local(at.getMinutes())}:${local(at.getSeconds())}`);
    await finder.getByLabel("Page size").selectOption("10");
    await finder.getByRole("button", { name: "Show messages" }).click();
    const found = page.getByRole("listitem", { name: "Partition 0 offset 5" });
    await found.waitFor();
    expect(await found.getByRole("list", { name: "Headers" }).textContent()).toBe("trace: t-5");
    expect(await found.locator("pre").textContent()).toBe(JSON.stringify({ i: 5, item: "book-5" }, null, 2));
    expect(await page.getByRole("list", { name: "Messages" }).getByRole("listitem").first().getAttribute("aria-label")).toBe("Partition 0 offset 5");
    await page.getByText(/^Looked at 5 records · partition 0: offsets 5–9\.$/).waitFor();
    await shots.take(page, "messages-by-time");

    // Configuration: an editable setting changed, a value over our limit refused with its sentence, fixed ones not editable.
    await page.getByRole("tab", { name: "Configuration" }).click();
    const retention = page.getByRole("row", { name: "retention.ms", exact: true });
    expect(await retention.textContent()).toContain("86400000");
    await retention.getByRole("button", { name: "Edit" }).click();
    await retention.getByLabel("New value of retention.ms").fill("7200000");
    await retention.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => retention.textContent(), { timeout: 15_000 }).toMatch(/^retention\.ms7200000Edit/);
    const maxBytes = page.getByRole("row", { name: "max.message.bytes", exact: true });
    await maxBytes.getByRole("button", { name: "Edit" }).click();
    await maxBytes.getByLabel("New value of max.message.bytes").fill("99999999");
    await maxBytes.getByRole("button", { name: "Save" }).click();
    await sentence("The largest message size is at most 16 MiB (16,777,216 bytes).").waitFor();
    expect(await page.getByRole("row", { name: "freshet.durability", exact: true }).getByRole("button").count()).toBe(0);
    await shots.take(page, "configuration");

    // SmartModules: a file that is not WebAssembly is refused; the json-filter example loads.
    await page.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: "SmartModules" }).click();
    await page.waitForURL(/\/smartmodules$/);
    const loader = page.getByRole("form", { name: "Load a SmartModule" });
    await loader.getByLabel("File (.wasm)").setInputFiles({ name: "notes.wasm", mimeType: "application/wasm", buffer: Buffer.from("not a module") });
    await loader.getByRole("button", { name: "Load SmartModule" }).click();
    await page.getByRole("alert").filter({ hasText: "That file is not a WebAssembly module: choose the .wasm file a SmartModule build made (smdk build)." }).waitFor();
    const { wasm } = await buildSmartModule(examplePath("json-filter"));
    await loader.getByLabel("Name").fill("");
    await loader.getByLabel("File (.wasm)").setInputFiles({ name: "json-filter.wasm", mimeType: "application/wasm", buffer: Buffer.from(wasm) });
    expect(await loader.getByLabel("Name").inputValue()).toBe("json-filter");
    await loader.getByRole("button", { name: "Load SmartModule" }).click();
    // Loading compiles and starts the component on the cluster: seconds, minutes on a busy machine.
    await page.getByRole("status").filter({ hasText: "Loaded json-filter@0.1.0 (filter)." }).waitFor({ timeout: 300_000 });
    const moduleRow = page.getByRole("row", { name: "json-filter@0.1.0" });
    expect(await moduleRow.textContent()).toContain("not used");

    // A derived topic made from a laptop (the console creates ordinary topics): kept records of "orders" whose item is book-3.
    const chain = [{ module: "json-filter@0.1.0", params: { field: "item", value: "book-3" } }];
    const admin = kafka.admin();
    await admin.connect();
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
    await page.reload();
    await expect.poll(() => moduleRow.textContent()).toContain("book-3 (derived)");
    expect(await moduleRow.getByRole("button", { name: "Delete" }).count()).toBe(0);
    await shots.take(page, "smartmodules");

    // The derived topic: its source and chain, and no produce form.
    await moduleRow.getByRole("link", { name: "book-3" }).click();
    await page.waitForURL(/\/topics\/book-3$/);
    await page.getByText("derived from orders").waitFor();
    await page.getByText("through its SmartModule chain; produce to the source instead.").waitFor();
    expect(await page.getByRole("form", { name: "Produce a record" }).count()).toBe(0);
    await page.getByRole("tab", { name: "Source & chain" }).click();
    const derivation = page.getByRole("list", { name: "Derivation" });
    expect(await derivation.textContent()).toBe("Source topicordersStep 1: SmartModulejson-filter@0.1.0fielditemvaluebook-3");
    await shots.take(page, "derived-topic-chain");

    // An unknown topic: a sentence and no produce form.
    await page.goto(`/clusters/${clusterId}/topics/no-such-topic`);
    await page.getByRole("alert").filter({ hasText: 'No such topic "no-such-topic" in this cluster.' }).waitFor();
    expect(await page.getByRole("form", { name: "Produce a record" }).count()).toBe(0);
    await shots.take(page, "unknown-topic");

    // A long name: the table truncates it with a title and the page does not scroll sideways; deleting asks for the name.
    await page.goto(`/clusters/${clusterId}/topics`);
    await page.getByRole("button", { name: "Create topic" }).click();
    await page.getByRole("form", { name: "Create topic" }).getByLabel("Topic name").fill(LONG_NAME);
    await page.getByRole("form", { name: "Create topic" }).getByRole("button", { name: "Create topic" }).click();
    await page.waitForURL(/\/topics\/audit-/);
    await page.goto(`/clusters/${clusterId}/topics`);
    const longLink = page.getByRole("link", { name: LONG_NAME });
    expect(await longLink.getAttribute("title")).toBe(LONG_NAME);
    // Runs in the page; this file is checked with Node's types, so the page's globals are named through globalThis.
    const fits = await page.evaluate(() => {
      const { document, innerWidth } = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
      return document.documentElement.scrollWidth <= innerWidth;
    });
    expect(fits).toBe(true);
    await shots.take(page, "topics-long-name");
    await longLink.click();
    await page.getByRole("button", { name: "Delete topic…" }).click();
    const confirm = page.getByRole("form", { name: "Delete topic" });
    await confirm.getByText("removes its partition and every record in them").waitFor();
    await confirm.getByLabel("Type the topic name to confirm").fill("audit");
    expect(await confirm.getByRole("button", { name: "Delete this topic" }).isDisabled()).toBe(true);
    await confirm.getByLabel("Type the topic name to confirm").fill(LONG_NAME);
    await shots.take(page, "delete-topic-typed");
    await confirm.getByRole("button", { name: "Delete this topic" }).click();
    await page.waitForURL(/\/topics$/);
    // The delete answers once no SPU lists the topic; the list then refetches (a loaded machine may take seconds to render it).
    await expect.poll(() => page.getByRole("link", { name: LONG_NAME }).count(), { timeout: 15_000 }).toBe(0);
  });
});

// Issue 13's consumer groups: a kafkajs group's lag appears, grows while its consumer is stopped and
// drains when it resumes; a reset is refused while the consumer runs; a reset to a time re-delivers
// exactly the later records; the empty group is deleted.
describe("consumer groups", () => {
  let page: Page;
  const shots = screenshotRecorder("console-groups");
  const running: Array<Consumer | Producer> = [];
  const GROUP = "e2e-readers";
  /** Its own topic: "orders" belongs to the topics scenario. */
  const TOPIC = "deliveries";
  /** A whole second two minutes ago: batches are stamped 0, 10 and 20 seconds after it. */
  const S = Math.floor(Date.now() / 1000) - 120;

  afterAll(async () => {
    for (const client of running) await client.disconnect().catch(() => undefined);
    await page?.context().close();
    console.log(`consumer groups screenshots:\n${shots.paths.join("\n")}`);
  });

  /** Polls `check` until it answers something, failing after `timeoutMs`. */
  async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** `count` records named `${label}-i`, alternating partitions 0 and 1, stamped `second` + i ms. */
  async function produceBatch(producer: Producer, label: string, count: number, second: number): Promise<void> {
    const messages = Array.from({ length: count }, (_, i) => ({ partition: i % 2, value: `${label}-${i}`, timestamp: String(second * 1000 + i) }));
    await producer.send({ topic: TOPIC, messages });
  }

  async function startConsumer(kafka: Kafka, seen: string[]): Promise<Consumer> {
    const consumer = kafka.consumer({ groupId: GROUP, maxWaitTimeInMs: 200 });
    running.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({ autoCommitInterval: 200, eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    return consumer;
  }

  const totalLagShown = () => page.getByTestId("total-lag").first().textContent();

  it("shows a group's lag grow and drain, refuses a reset while it runs, resets to a time and deletes it", { timeout: 300_000 }, async () => {
    // UTC, so the date typed into the reset form is the one the records were stamped with.
    page = await ownerPage({ viewport: { width: 1280, height: 1000 }, timezoneId: "UTC" });
    recordScenario(page, shots);
    const cluster = await callApi<{ bootstrapHost: string; bootstrapPort: number; tlsCaPem: string }>(page, "clusters.get", { clusterId }, "query");
    const credential = await callApi<{ username: string; password: string }>(page, "credentials.create", { clusterId, name: "group-laptop" }, "mutation");
    const kafka = new Kafka({
      brokers: [`${cluster.bootstrapHost}:${cluster.bootstrapPort}`],
      clientId: "laptop",
      logLevel: logLevel.NOTHING,
      ssl: { ca: [cluster.tlsCaPem] },
      sasl: { mechanism: "scram-sha-256", username: credential.username, password: credential.password },
      retry: { retries: 3, initialRetryTime: 200 },
    });
    // The brokers take the new credential once the worker has synced it.
    await eventually("the credential to be accepted", async () => {
      const admin = kafka.admin();
      try {
        await admin.connect();
        await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }], waitForLeaders: true });
        return true;
      } finally {
        await admin.disconnect();
      }
    });
    const producer = kafka.producer();
    running.push(producer);
    await producer.connect();
    await produceBatch(producer, "a", 6, S);

    // The group appears with its member, and no lag once the consumer has read everything.
    let seen: string[] = [];
    let consumer = await startConsumer(kafka, seen);
    await eventually("the consumer to read the first batch", async () => (seen.length === 6 ? true : undefined));
    await page.getByRole("link", { name: "Consumer groups" }).click();
    await page.waitForURL(`**/clusters/${clusterId}/groups`);
    const row = page.getByRole("row", { name: new RegExp(GROUP) });
    await expect.poll(async () => [await row.getByRole("cell").nth(2).textContent(), await row.getByTestId("total-lag").textContent()], { timeout: 30_000 }).toEqual(["1", "0"]);
    expect(await row.getByRole("cell").nth(3).textContent()).toBe(TOPIC);
    await shots.take(page, "groups-list");

    await row.getByRole("link", { name: GROUP }).click();
    await page.waitForURL(`**/groups/${GROUP}`);
    // Per partition, a dash until the group commits, then 0.
    await expect.poll(() => page.getByTestId("lag").allTextContents(), { timeout: 30_000 }).toEqual(["0", "0"]);
    expect(await totalLagShown()).toBe("0");
    await page.getByRole("table", { name: "Members" }).getByRole("cell", { name: "laptop", exact: true }).waitFor();

    // Kafka refuses to move the offsets of a group whose consumers run; the console says why.
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("button", { name: "Reset offsets" }).click();
    await page.getByRole("alert").filter({ hasText: "The group has 1 active member; stop it before resetting offsets." }).waitFor();
    await shots.take(page, "reset-refused-while-active");

    // Stopped, the group falls behind as records arrive: 4, then 6.
    await consumer.disconnect();
    await expect.poll(() => page.getByTestId("member-count").textContent(), { timeout: 30_000 }).toBe("0");
    await produceBatch(producer, "b", 4, S + 10);
    await expect.poll(totalLagShown, { timeout: 30_000 }).toBe("4");
    await shots.take(page, "lag-appears");
    await produceBatch(producer, "c", 2, S + 20);
    await expect.poll(totalLagShown, { timeout: 30_000 }).toBe("6");
    expect(await page.getByTestId("lag").allTextContents()).toEqual(["3", "3"]);
    await shots.take(page, "lag-grows");

    // Resumed, it catches up and the lag drains.
    consumer = await startConsumer(kafka, seen);
    await expect.poll(totalLagShown, { timeout: 30_000 }).toBe("0");
    expect(seen.slice(6).sort()).toEqual(["b-0", "b-1", "b-2", "b-3", "c-0", "c-1"]);
    await shots.take(page, "lag-drained");

    // Reset to five seconds after the first batch: the records of the later batches come again, and only those.
    await consumer.disconnect();
    await expect.poll(() => page.getByTestId("member-count").textContent(), { timeout: 30_000 }).toBe("0");
    await page.getByLabel("Reset to").selectOption("timestamp");
    await page.getByLabel("Date and time").fill(new Date((S + 5) * 1000).toISOString().slice(0, 19));
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByRole("table", { name: "New offsets" });
    await preview.waitFor();
    const previewRows = await preview.locator("tbody tr").all();
    expect(await Promise.all(previewRows.map((r) => r.locator("td").allTextContents()))).toEqual([
      [TOPIC, "0", "6", "3"],
      [TOPIC, "1", "6", "3"],
    ]);
    await shots.take(page, "reset-preview");
    await page.getByRole("button", { name: "Reset offsets" }).click();
    await page.getByRole("status").filter({ hasText: "Offsets reset on 2 partitions." }).waitFor();
    await expect.poll(totalLagShown, { timeout: 30_000 }).toBe("6");
    await shots.take(page, "reset-applied");

    seen = [];
    consumer = await startConsumer(kafka, seen);
    await eventually("the re-delivered records", async () => (seen.length >= 6 ? true : undefined));
    await expect.poll(totalLagShown, { timeout: 30_000 }).toBe("0");
    expect(seen.sort()).toEqual(["b-0", "b-1", "b-2", "b-3", "c-0", "c-1"]);
    await consumer.disconnect();

    // Empty, the group can be deleted; the list no longer has it.
    await expect.poll(() => page.getByTestId("member-count").textContent(), { timeout: 30_000 }).toBe("0");
    await page.getByRole("button", { name: "Delete group" }).click();
    await page.getByRole("button", { name: `Delete ${GROUP} and its offsets` }).click();
    await page.waitForURL(`**/clusters/${clusterId}/groups`);
    await page.getByText("No consumer groups yet.").waitFor();
    await shots.take(page, "group-deleted");
  });
});

// Issue 13's access control: a rule added on a credential's page in the Access tab denies it producing
// to a topic, which kcat (run with the console's own snippet) reports as Kafka's authorization error,
// while another credential still produces; removing the rule gives the access back.
describe("access control from the console", () => {
  let page: Page;
  let laptop: string;
  const shots = screenshotRecorder("console-access");

  beforeAll(async () => {
    laptop = await mkdtemp(join(tmpdir(), "freshet-access-laptop-"));
  });

  afterAll(async () => {
    await page?.context().close();
    await rm(laptop, { recursive: true, force: true });
    console.log(`console access screenshots:\n${shots.paths.join("\n")}`);
  });

  /** Creates a credential on the Access tab; answers its password and the kcat snippet the console shows for it. */
  async function createCredential(name: string): Promise<{ password: string; kcat: string }> {
    await page.getByLabel("Credential name").fill(name);
    await page.getByRole("button", { name: "Create credential" }).click();
    await page.getByTestId("credential-username").filter({ hasText: name }).waitFor();
    const password = (await page.getByTestId("secret-value").textContent()) ?? "";
    await page.getByRole("tab", { name: "kcat" }).click();
    const kcat = (await page.locator("pre code").textContent()) ?? "";
    expect(kcat).toContain(`-X sasl.username=${name} \\`);
    return { password, kcat };
  }

  /** Produces one record to `topic` with the console's kcat snippet; answers kcat's stderr when it fails. */
  async function produceWith(login: { password: string; kcat: string }, topic: string): Promise<"produced" | string> {
    // The snippet first writes the CA file, then runs kcat: the record goes to kcat's stdin alone.
    const snippet = login.kcat.replace("kcat -b", "printf 'hello\\n' | kcat -b").replace(/-L$/, `-P -t ${topic}`);
    return runSnippet(snippet, { FRESHET_PASSWORD: login.password }, { cwd: laptop }).then(
      () => "produced",
      (error: Error & { stderr?: string }) => error.stderr ?? error.message,
    );
  }

  it("denies a credential producing to a topic with a rule, while another credential still produces", { timeout: 240_000 }, async () => {
    page = await ownerPage({ viewport: { width: 1280, height: 900 } });
    recordScenario(page, shots);
    await callApi(page, "topics.create", { clusterId, name: "payments", partitions: 1 }, "mutation");

    await page.getByRole("link", { name: "Access" }).click();
    await page.waitForURL(/\/access$/);
    const billing = await createCredential("billing");
    const auditor = await createCredential("auditor");
    await shots.take(page, "access-credentials");
    // A new credential works once the worker has written it to the cluster's credentials file.
    await expect.poll(() => produceWith(auditor, "payments"), { timeout: 20_000 }).toBe("produced");

    await page.getByRole("link", { name: "Access rules of auditor" }).click();
    await page.waitForURL(/\/access\/[^/]+$/);
    await page.getByText("No rules: this credential may do everything.").waitFor();
    await page.getByLabel("Rule", { exact: true }).selectOption("deny");
    await page.getByLabel("Action").selectOption({ label: "Produce to topics" });
    await page.getByLabel("Which").selectOption({ label: "Named exactly" });
    await page.getByLabel("Topic or group name").fill("payments");
    await page.getByRole("button", { name: "Add rule" }).click();
    await page.getByRole("cell", { name: "Deny producing to topics named “payments”" }).waitFor();
    await shots.take(page, "rule-added");

    // The rule reaches every SPU with the controller's next state; kcat then reports Kafka's TOPIC_AUTHORIZATION_FAILED.
    await expect.poll(() => produceWith(auditor, "payments"), { timeout: 15_000 }).toContain("Broker: Topic authorization failed");
    expect(await produceWith(billing, "payments")).toBe("produced");

    await page.getByRole("button", { name: "Remove" }).click();
    await page.getByRole("button", { name: "Remove rule" }).click();
    await page.getByText("No rules: this credential may do everything.").waitFor();
    await shots.take(page, "rule-removed");
    await expect.poll(() => produceWith(auditor, "payments"), { timeout: 15_000 }).toBe("produced");
  });
});

import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { createPrismaClient } from "@freshet/db/client";
import { Kafka, logLevel } from "kafkajs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { launchChromium } from "./support/chromium";
import { createOrganization, mutateFromPage, signUpAndConfirm } from "./support/console-user";
import { startLocalCloud, type LocalCloud } from "./support/local-cloud";
import { screenshotRecorder } from "./support/screenshots";

// Issue 13's topic journey in a real browser against the real cloud: a topic created with its
// settings, records produced by kafkajs with headers and timestamps and found again by time in the
// message browser, a config edited, a SmartModule loaded from a .wasm upload and a derived topic
// shown with its chain and without a produce form, and the sentences each bad input gets.

let cloud: LocalCloud;
let browser: Browser;
let page: Page;
const shots = screenshotRecorder("console-operate-topics");

/** Record i of partition 0 was made i seconds after this local time (the browser's time zone is the test's). */
const T0 = new Date(2026, 0, 2, 3, 4, 5).getTime();
const LONG_NAME = `audit-${"very-long-topic-name-".repeat(11)}end`;

beforeAll(async () => {
  cloud = await startLocalCloud();
  browser = await launchChromium();
  page = await browser.newPage({ baseURL: cloud.consoleUrl, viewport: { width: 1280, height: 900 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  console.log(`operate-topics screenshots:\n${shots.paths.join("\n")}`);
}, 120_000);

/** The sentence shown under (or for) a form field, by its text. */
const sentence = (text: string) => page.getByText(text, { exact: true });

async function kafkaFor(clusterId: string): Promise<Kafka> {
  const credential = await mutateFromPage<{ username: string; password: string }>(page, "credentials.create", { clusterId, name: "laptop" });
  const prisma = createPrismaClient(cloud.databaseUrl);
  try {
    const cluster = await prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    // Credentials reach the brokers through the worker; kafkajs retries its login until they have.
    return new Kafka({
      brokers: [`${cluster.bootstrapHost}:${cluster.bootstrapPort}`],
      clientId: "laptop",
      logLevel: logLevel.NOTHING,
      ssl: { ca: [cluster.tlsCaPem!] },
      sasl: { mechanism: "scram-sha-256", username: credential.username, password: credential.password },
      retry: { retries: 20 },
    });
  } finally {
    await prisma.$disconnect();
  }
}

describe("operate topics", () => {
  it("creates, produces, browses by time, configures, loads a SmartModule and shows a derived topic", { timeout: 600_000 }, async () => {
    onTestFailed(async () => {
      await shots.take(page, "failed-here");
      console.log(cloud.output());
    });
    await signUpAndConfirm(page, cloud.mailbox, "Ada Lovelace", `ada-${Date.now()}@example.com`);
    await createOrganization(page, "Analytical Engines", "analytical-engines");
    await page.getByLabel("Cluster name").fill("ops");
    await page.getByRole("button", { name: "Create cluster" }).click();
    const row = page.getByRole("row", { name: /ops/ });
    await row.locator('[data-testid="cluster-status"][data-status="Running"]').waitFor({ timeout: 120_000 });
    await row.getByRole("link", { name: "ops" }).click();
    await page.waitForURL(/\/clusters\/[^/]+$/);
    const clusterId = new URL(page.url()).pathname.split("/")[2]!;

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
    await expect.poll(() => retention.textContent()).toMatch(/^retention\.ms7200000Edit/);
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
    await expect.poll(() => page.getByRole("link", { name: LONG_NAME }).count()).toBe(0);
  });
});

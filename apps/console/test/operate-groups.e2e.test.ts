import { Kafka, logLevel, type Consumer, type Producer } from "kafkajs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFailed } from "vitest";
import { launchChromium } from "./support/chromium";
import { startLocalCloud, type LocalCloud } from "./support/local-cloud";
import { screenshotRecorder } from "./support/screenshots";
import { callApi, createRunningCluster, signUpWithOrganization } from "./support/console-user";

// Issue 13's consumer groups, in a real browser against the real cloud: a kafkajs group's lag
// appears, grows while its consumer is stopped and drains when it resumes; a reset is refused
// while the consumer runs; a reset to a time re-delivers exactly the later records; the empty
// group is deleted.

let cloud: LocalCloud;
let browser: Browser;
let page: Page;
const shots = screenshotRecorder("console-groups");
const running: Array<Consumer | Producer> = [];
const GROUP = "e2e-readers";
const TOPIC = "orders";
/** A whole second two minutes ago: batches are stamped 0, 10 and 20 seconds after it. */
const S = Math.floor(Date.now() / 1000) - 120;

beforeAll(async () => {
  cloud = await startLocalCloud();
  browser = await launchChromium();
  // UTC, so the date typed into the reset form is the one the records were stamped with.
  page = await browser.newPage({ baseURL: cloud.consoleUrl, viewport: { width: 1280, height: 1000 }, timezoneId: "UTC" });
}, 180_000);

afterAll(async () => {
  for (const client of running) await client.disconnect().catch(() => undefined);
  await browser?.close();
  await cloud?.stop();
  console.log(`consumer groups screenshots:\n${shots.paths.join("\n")}`);
}, 120_000);

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
  onTestFailed(async () => {
    await shots.take(page, "failed-here");
    console.log(cloud.output());
  });
  await signUpWithOrganization(page, cloud.mailbox, { name: "Grace Hopper", email: `grace-${Date.now()}@example.com` }, { name: "Compilers", slug: "compilers" });
  const clusterId = await createRunningCluster(page, "groups-cluster");
  const cluster = await callApi<{ bootstrapHost: string; bootstrapPort: number; tlsCaPem: string }>(page, "clusters.get", { clusterId }, "query");
  const credential = await callApi<{ username: string; password: string }>(page, "credentials.create", { clusterId, name: "laptop" }, "mutation");
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

import { Kafka, logLevel, type Producer } from "kafkajs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { launchChromium } from "./support/chromium";
import { signUpWithOrganization } from "./support/console-user";
import { startLocalCloud, type LocalCloud } from "./support/local-cloud";
import { screenshotRecorder } from "./support/screenshots";

// Issue 13's "overview charts move while a kafkajs producer runs": the worker scrapes the cluster's
// SPUs every second here (METRICS_INTERVAL_MS in startLocalCloud), the overview shows what it stored.

let cloud: LocalCloud;
let browser: Browser;
let page: Page;
let producer: Producer | undefined;
const shots = screenshotRecorder("operate-metrics");

beforeAll(async () => {
  cloud = await startLocalCloud();
  browser = await launchChromium();
  page = await browser.newPage({ baseURL: cloud.consoleUrl, viewport: { width: 1280, height: 900 } });
}, 180_000);

afterAll(async () => {
  await producer?.disconnect();
  await browser?.close();
  await cloud?.stop();
  console.log(`operate-metrics screenshots:\n${shots.paths.join("\n")}`);
}, 120_000);

/** The number a tile shows, or null while it shows none ("–"). */
async function tileValue(on: Page, testId: string): Promise<number | null> {
  const text = (await on.getByTestId(testId).textContent()) ?? "";
  const value = Number(text.replaceAll(",", ""));
  return text === "–" || Number.isNaN(value) ? null : value;
}

describe("cluster overview metrics", () => {
  it("show throughput rising while a producer runs, with partitions, SPUs and charts", { timeout: 300_000 }, async () => {
    onTestFailed(async () => {
      await shots.take(page, "failed-here");
      console.log(cloud.output());
    });
    await signUpWithOrganization(page, cloud.mailbox, { name: "Grace Hopper", email: `grace-${Date.now()}@example.com` }, { name: "Compilers" });
    await page.getByLabel("Cluster name").fill("metered");
    await page.getByRole("button", { name: "Create cluster" }).click();
    const row = page.getByRole("row", { name: /metered/ });
    await row.locator('[data-testid="cluster-status"][data-status="Running"]').waitFor({ timeout: 120_000 });
    await row.getByRole("link", { name: "metered" }).click();
    await page.waitForURL(/\/clusters\/[^/]+$/);
    const bootstrap = (await page.getByTestId("bootstrap").textContent())!;

    await page.getByLabel("Credential name").fill("loadgen");
    await page.getByRole("button", { name: "Create credential" }).click();
    const password = (await page.getByTestId("secret-value").textContent())!;
    const username = (await page.getByTestId("credential-username").textContent())!;

    // Idle: the SPU is live and the tiles have values, but nothing flows.
    await page.getByTestId("spu-row-0").getByText("Live").waitFor({ timeout: 60_000 });
    await shots.take(page, "overview-idle");

    const kafka = new Kafka({ brokers: [bootstrap], sasl: { mechanism: "scram-sha-256", username, password }, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: "telemetry", numPartitions: 3 }] });
    await admin.disconnect();
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

import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFailed } from "vitest";
import { callApi, createRunningCluster, signUpWithOrganization } from "./support/console-user";
import { startCloudAndBrowser } from "./support/cloud-and-browser";
import type { LocalCloud } from "./support/local-cloud";
import { screenshotRecorder } from "./support/screenshots";

// Issue 16's console check: an entity-as-a-stock dataflow deployed from the Dataflows tab (a problem
// shown at its line first, Deploy disabled), run by the real worker and the real `--role dataflow`
// process beside a real cluster; events produced to its topic move the Views tab's chart and its
// movers table (pushed over the view's SSE stream through the console and the API).

let cloud: LocalCloud;
let browser: Browser;

beforeAll(async () => {
  ({ cloud, browser } = await startCloudAndBrowser());
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
}, 120_000);

const DOCUMENT = `apiVersion: freshet.io/v1
kind: Dataflow
name: movers
description: Orders and reviews per product and 10 s step.
sources:
  events:
    topic: product-events
    key: product
    eventTime: at
operators:
  movers:
    from: events
    stock:
      step: 10s
      measures:
        orders: { count: kind == "order" }
        reviews: { count: kind == "review" }
      correlate: [orders, reviews]
sinks:
  product-stock: { from: movers, view: {} }
`;

/** Events as the shop writes them: which product, what happened, when (ms, the event time). */
async function produce(page: Page, clusterId: string, events: ReadonlyArray<readonly [product: string, kind: "order" | "review", second: number]>): Promise<void> {
  for (const [product, kind, second] of events) {
    await callApi(page, "topics.produce", { clusterId, topic: "product-events", key: product, value: JSON.stringify({ product, kind, at: second * 1_000 }) }, "mutation");
  }
}

it("deploys an entity-as-a-stock dataflow from YAML and its chart moves as events arrive", { timeout: 600_000 }, async () => {
  const context = await browser.newContext({ baseURL: cloud.consoleUrl, viewport: { width: 1400, height: 1100 } });
  const page = await context.newPage();
  const shots = screenshotRecorder("console-dataflows");
  onTestFailed(async () => {
    await shots.take(page, "failed-here");
    console.log(cloud.output());
  });
  const unique = randomBytes(6).toString("hex");
  await signUpWithOrganization(page, cloud.mailbox, { name: "Ada Lovelace", email: `ada-${unique}@example.com` }, { name: "Analytics" });
  const clusterId = await createRunningCluster(page, "shop");
  await callApi(page, "topics.create", { clusterId, name: "product-events", partitions: 1 }, "mutation");

  // A document with a bad step: the problem is shown at its line and Deploy stays disabled.
  await page.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: "Dataflows" }).click();
  await page.waitForURL(/\/dataflows$/);
  await page.getByRole("button", { name: "Deploy dataflow" }).click();
  const form = page.getByRole("form", { name: "Deploy dataflow" });
  const editor = form.getByLabel("Dataflow YAML");
  const deploy = form.getByRole("button", { name: "Deploy" });
  await editor.fill(DOCUMENT.replace("step: 10s", "step: soon"));
  await form.locator('[data-error-line="14"]').waitFor({ timeout: 30_000 });
  expect(await form.getByTestId("yaml-error").allTextContents()).toEqual([expect.stringMatching(/^line 14: operators\.movers\.stock\.step: /)]);
  expect(await deploy.isDisabled()).toBe(true);
  await shots.take(page, "problem-at-its-line");

  await editor.fill(DOCUMENT);
  await form.getByRole("status").filter({ hasText: "Valid: dataflow “movers”." }).waitFor({ timeout: 30_000 });
  await deploy.click();
  const panel = page.locator('section[data-dataflow="movers"]');
  await panel.locator('[data-testid="dataflow-status"][data-status="Running"]').waitFor({ timeout: 90_000 });

  // Steps 0-2 (0-30 s) of apple and pear; fig's review at 35 s moves the watermark past them, so they close.
  await produce(page, clusterId, [
    ["apple", "order", 1],
    ["apple", "order", 2],
    ["pear", "order", 3],
    ["apple", "review", 5],
    ["apple", "order", 11],
    ...[12, 13, 14, 15].map((s) => ["pear", "order", s] as const),
    ["apple", "review", 16],
    ...[21, 22, 23].map((s) => ["apple", "order", s] as const),
    ["pear", "order", 24],
    ["pear", "review", 25],
    ["fig", "review", 35],
  ]);
  const operator = panel.locator('tr[data-operator="movers"]');
  await expect.poll(() => operator.getByTestId("operator-in").textContent(), { timeout: 60_000 }).toBe("16");
  expect(await operator.getByRole("cell").nth(1).textContent()).toBe("stock");
  await shots.take(page, "dataflow-running");

  // The Views tab: apple rose by 2 orders in its last step, pear fell by 3: apple is charted first.
  await page.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: "Views" }).click();
  await page.waitForURL(/\/views$/);
  const stock = page.getByTestId("stock-product-stock");
  const chart = stock.getByTestId("stock-chart");
  await expect.poll(() => chart.getAttribute("data-points"), { timeout: 60_000 }).toBe("3");
  expect(await stock.getByTestId("stock-entity").textContent()).toBe("apple");
  const movers = async () => {
    const rows = stock.locator("tr[data-mover]");
    const seen: Array<[string | null, string | null]> = [];
    for (let i = 0; i < (await rows.count()); i++) seen.push([await rows.nth(i).getAttribute("data-mover"), await rows.nth(i).getByTestId("mover-delta").textContent()]);
    return seen;
  };
  expect(await movers()).toEqual([
    ["apple", "+2"],
    ["pear", "-3"],
  ]);
  expect(await chart.locator(".recharts-line path.recharts-curve").count()).toBe(4);
  await shots.take(page, "stock-chart");

  // Step 3: pear jumps to 5 orders, apple drops to 2; fig's review at 55 s closes it. Pushed, not reloaded.
  await produce(page, clusterId, [["apple", "order", 31], ["apple", "order", 32], ...[33, 34, 36, 37, 38].map((s) => ["pear", "order", s] as const), ["fig", "review", 55]]);
  await expect.poll(movers, { timeout: 60_000 }).toEqual([
    ["pear", "+4"],
    ["fig", "0"],
    ["apple", "-1"],
  ]);
  expect(await stock.getByTestId("stock-entity").textContent()).toBe("pear");
  expect(await chart.getAttribute("data-points")).toBe("4");
  expect(await page.locator('[data-view="product-stock"]').getAttribute("data-mode")).toBe("live");
  await shots.take(page, "chart-moved");

  // Clicking a mover charts it.
  await stock.locator('tr[data-mover="apple"]').click();
  expect(await stock.getByTestId("stock-entity").textContent()).toBe("apple");
  await expect.poll(() => chart.getAttribute("data-points")).toBe("4");
  await shots.take(page, "apple-charted");
  console.log(`console-dataflows screenshots:\n${shots.paths.join("\n")}`);
  await context.close();
});

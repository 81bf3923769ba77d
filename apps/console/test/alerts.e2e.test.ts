import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFailed } from "vitest";
import { callApi, createRunningCluster, signUpWithOrganization } from "./support/console-user";
import { startCloudAndBrowser } from "./support/cloud-and-browser";
import type { LocalCloud } from "./support/local-cloud";
import { screenshotRecorder } from "./support/screenshots";

// Issue 17's alerts in the console: a stalled-topic alert created on the Alerts page turns red when
// nothing is produced for its window (the real worker judging the real cluster every second), shows
// in the history, and clears once a record arrives; the webhook's signing secret is shown once.

let cloud: LocalCloud;
let browser: Browser;

beforeAll(async () => {
  ({ cloud, browser } = await startCloudAndBrowser());
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
}, 120_000);

it("a stalled-topic alert made on the Alerts page fires, shows in the history and clears", { timeout: 600_000 }, async () => {
  const context = await browser.newContext({ baseURL: cloud.consoleUrl, viewport: { width: 1400, height: 1100 } });
  const page = await context.newPage();
  const shots = screenshotRecorder("console-alerts");
  onTestFailed(async () => {
    await shots.take(page, "failed-here");
    console.log(cloud.output());
  });
  const unique = randomBytes(6).toString("hex");
  await signUpWithOrganization(page, cloud.mailbox, { name: "Ada Lovelace", email: `ada-${unique}@example.com` }, { name: "Sensors" });
  const clusterId = await createRunningCluster(page, "plant");
  await callApi(page, "topics.create", { clusterId, name: "readings", partitions: 1 }, "mutation");
  await callApi(page, "topics.produce", { clusterId, topic: "readings", value: "21.5" }, "mutation");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
  await page.waitForURL(/\/alerts$/);
  const form = page.getByRole("form", { name: "Create alert" });
  await form.getByLabel("Name").fill("readings stalled");
  await form.getByLabel("Kind").selectOption("stalled");
  // 0.1 minutes: a 6 s window, so the test sees it fire.
  await form.getByLabel("Window (minutes)").fill("0.1");
  await form.getByLabel("Topic").fill("readings");
  await form.getByRole("button", { name: "Create alert" }).click();
  const row = page.getByTestId("alert-rule-readings stalled");
  await row.getByText("OK", { exact: true }).waitFor({ timeout: 30_000 });
  await shots.take(page, "alert-created");

  // Nothing is produced: within its window (and a pass or two) it fires, in red, with its reason.
  await row.getByText("Firing", { exact: true }).waitFor({ timeout: 60_000 });
  expect(await row.textContent()).toMatch(/No new records for \d+ seconds\./);
  const history = page.getByRole("region", { name: "History" });
  await history.getByRole("row", { name: /readings stalled/ }).waitFor({ timeout: 15_000 });
  await shots.take(page, "alert-firing");

  // A record arrives: it clears, and the history's row gets its cleared time.
  await callApi(page, "topics.produce", { clusterId, topic: "readings", value: "22.0" }, "mutation");
  await row.getByText("OK", { exact: true }).waitFor({ timeout: 30_000 });
  await expect.poll(() => history.getByText("Firing", { exact: true }).count(), { timeout: 15_000 }).toBe(0);
  await shots.take(page, "alert-cleared");

  // The org's webhook: saved by the owner, its signing secret shown once.
  const webhook = page.getByRole("form", { name: "Alert webhook" });
  await webhook.getByLabel("Webhook URL").fill("https://example.com/hooks/freshet");
  await webhook.getByRole("button", { name: "Save webhook" }).click();
  await expect.poll(() => page.getByTestId("secret-value").textContent(), { timeout: 15_000 }).toMatch(/^whsec_[0-9a-f]{64}$/);
  await shots.take(page, "webhook-secret");
  console.log(`console-alerts screenshots:\n${shots.paths.join("\n")}`);
  await context.close();
});

import { randomBytes } from "node:crypto";
import { connectAsync, type MqttClient } from "mqtt";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFailed } from "vitest";
import { freePort } from "@freshet/local-cloud/internal/ports";
import { createRunningCluster, signUpWithOrganization } from "./support/console-user";
import { startCloudAndBrowser } from "./support/cloud-and-browser";
import type { LocalCloud } from "./support/local-cloud";
import { screenshotRecorder } from "./support/screenshots";

// Issue 15's console check: an MQTT source created from the form generated from its config schema,
// checked before Deploy (a refused check keeps Deploy disabled), records published with a real MQTT
// client to the machine's Mosquitto seen in the target topic's live tail, then the connector stopped.

const MQTT_URL = "mqtt://127.0.0.1:1883";

let cloud: LocalCloud;
let browser: Browser;
let mqtt: MqttClient | undefined;

beforeAll(async () => {
  ({ cloud, browser } = await startCloudAndBrowser());
}, 180_000);

afterAll(async () => {
  await mqtt?.endAsync();
  await browser?.close();
  await cloud?.stop();
}, 120_000);

it("creates an MQTT source from the form, shows its records in the live tail and stops it", { timeout: 600_000 }, async () => {
  const context = await browser.newContext({ baseURL: cloud.consoleUrl, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const shots = screenshotRecorder("console-connectors");
  onTestFailed(async () => {
    await shots.take(page, "failed-here");
    console.log(cloud.output());
  });
  const unique = randomBytes(6).toString("hex");
  const filter = `freshet-console-e2e/${unique}/#`;
  const targetTopic = `readings-${unique}`;

  await signUpWithOrganization(page, cloud.mailbox, { name: "Grace Hopper", email: `grace-${unique}@example.com` }, { name: "Compilers" });
  const clusterId = await createRunningCluster(page, "plant");

  await page.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: "Connectors" }).click();
  await page.waitForURL(/\/connectors$/);
  await page.getByRole("button", { name: "Create connector" }).click();
  await page.getByLabel("Connector type").selectOption("mqtt-source");
  const form = page.getByRole("form", { name: "Create connector" });
  const deploy = form.getByRole("button", { name: "Deploy" });
  const check = form.getByRole("button", { name: "Check" });
  await form.getByLabel("Connector name").fill("mqtt-in");
  await form.getByLabel("Target topic").fill(targetTopic);
  await form.getByLabel("topics", { exact: true }).fill(filter);
  await form.getByLabel("payloadFormat", { exact: true }).selectOption("json");

  // A required setting left empty: its sentence under the field, no check asked for, Deploy disabled.
  await check.click();
  await form.getByText("url is required.", { exact: true }).waitFor();
  expect(await deploy.isDisabled()).toBe(true);

  // The check refuses a broker nobody listens on: its sentence is shown and Deploy stays disabled.
  const closedPort = await freePort();
  await form.getByLabel("url", { exact: true }).fill(`mqtt://127.0.0.1:${closedPort}`);
  await check.click();
  const failed = form.getByRole("alert").filter({ hasText: "Check failed" });
  await failed.waitFor({ timeout: 30_000 });
  expect(await failed.textContent()).toBe(`Check failedcannot reach the MQTT broker at mqtt://127.0.0.1:${closedPort}: connection refused.`);
  expect(await deploy.isDisabled()).toBe(true);
  await shots.take(page, "check-refused");

  // The YAML the form makes, then a passing check, which enables Deploy.
  await form.getByLabel("url", { exact: true }).fill(MQTT_URL);
  expect(await form.getByRole("figure").filter({ hasText: "Connector YAML" }).locator("code").textContent()).toBe(
    `name: mqtt-in\ntype: mqtt-source\ntopic: ${targetTopic}\nerrors:\n  tolerance: none\nconfig:\n  url: ${MQTT_URL}\n  topics:\n    - ${filter}\n  payloadFormat: json\n`,
  );
  expect(await deploy.isDisabled()).toBe(true);
  await check.click();
  const passed = form.getByRole("status").filter({ hasText: "Check passed" });
  await passed.waitFor({ timeout: 30_000 });
  expect(await passed.textContent()).toBe(`Check passedconnected to ${MQTT_URL} and subscribed to ${filter}`);
  await shots.take(page, "check-passed");
  await deploy.click();

  const row = page.locator('tr[data-connector="mqtt-in"]');
  await row.locator('[data-testid="connector-status"][data-status="Running"]').waitFor({ timeout: 90_000 });
  expect(await row.getByRole("cell").nth(1).textContent()).toBe("mqtt-source");
  expect(await row.getByRole("cell").nth(2).textContent()).toBe("source");
  await shots.take(page, "running");

  // Three readings from a real MQTT client, acknowledged by the broker (QoS 1).
  mqtt = await connectAsync(MQTT_URL, { clientId: `console-e2e-${unique}` });
  const mqttTopic = `freshet-console-e2e/${unique}/kitchen`;
  for (const celsius of [20, 21, 22]) await mqtt.publishAsync(mqttTopic, JSON.stringify({ celsius }), { qos: 1 });

  // The target topic's live tail shows exactly those three records.
  await page.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: "Topics" }).click();
  await page.getByRole("link", { name: targetTopic }).click({ timeout: 30_000 });
  await page.waitForURL(new RegExp(`/topics/${targetTopic}$`));
  const values = page.getByRole("log", { name: `Records in ${targetTopic}` }).getByTestId("tail-value");
  await expect.poll(() => values.count(), { timeout: 60_000 }).toBe(3);
  expect((await values.allTextContents()).sort()).toEqual([20, 21, 22].map((celsius) => JSON.stringify({ mqtt_topic: mqttTopic, payload: { celsius } })));
  await shots.take(page, "live-tail");

  // The connector's page: its counters and its log as the worker's reconcile copied them (every 2 s here); then it is stopped from the list.
  await page.goto(`/clusters/${clusterId}/connectors`);
  await row.getByRole("link", { name: "mqtt-in" }).click();
  await page.getByRole("heading", { name: "Recent logs" }).waitFor();
  await expect.poll(() => page.getByTestId("fact-Records in").textContent(), { timeout: 30_000 }).toBe("3");
  expect(await page.getByTestId("fact-Records out").textContent()).toBe("3");
  expect(await page.getByTestId("fact-Dead-lettered").textContent()).toBe("0");
  expect(await page.getByLabel("Log lines").textContent()).toContain('"msg":"connector ready"');
  await shots.take(page, "detail");
  await page.goto(`/clusters/${clusterId}/connectors`);
  await row.getByRole("button", { name: "Stop" }).click();
  await row.locator('[data-testid="connector-status"][data-status="Stopped"]').waitFor({ timeout: 60_000 });
  await row.getByRole("button", { name: "Start" }).waitFor();
  await shots.take(page, "stopped");
  console.log(`console-connectors screenshots:\n${shots.paths.join("\n")}`);
  await context.close();
});

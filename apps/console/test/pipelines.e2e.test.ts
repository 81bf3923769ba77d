import { randomBytes } from "node:crypto";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { connectAsync, type MqttClient } from "mqtt";
import pg from "pg";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFailed } from "vitest";
import { parse } from "yaml";
import { callApi, createRunningCluster, signUpWithOrganization } from "./support/console-user";
import { startCloudAndBrowser } from "./support/cloud-and-browser";
import type { LocalCloud } from "./support/local-cloud";
import { controlPreview, previewReaches, previewShowsSamples, previewTriesSmartModule, runViewShowsRates, startPreview } from "./support/pipeline-steps";
import { screenshotRecorder } from "./support/screenshots";

// Issue 17's builder check: "MQTT source → SmartModule filter → hopping-window count → view +
// Postgres sink" drawn by dragging from the palette and connecting handles with real pointer
// events, configured in the side panel, deployed by the real API and worker beside a real
// cluster; MQTT messages from a real client end as rows in Postgres. Then the filter is edited
// (the deploy dialog shows the field and that only the dataflow is redeployed), version 2 is
// deployed and version 1 restored as version 3. Before the first deploy the draft is previewed on
// live MQTT readings (captured, never written: the exact rows in Postgres prove it), and once
// it runs the run view shows records/s per node while readings flow.

const MQTT_URL = "mqtt://127.0.0.1:1883";
const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const database = `freshet_builder_e2e_${randomBytes(4).toString("hex")}`;
const SINK_URL = `postgres://postgres@127.0.0.1:5432/${database}`;

let cloud: LocalCloud;
let browser: Browser;
let mqtt: MqttClient | undefined;
let db: pg.Client;

beforeAll(async () => {
  const admin = new pg.Client(ADMIN_URL);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  db = new pg.Client(SINK_URL);
  await db.connect();
  await db.query("CREATE TABLE counts (device text NOT NULL, window_start bigint NOT NULL, n bigint NOT NULL)");
  ({ cloud, browser } = await startCloudAndBrowser());
}, 180_000);

afterAll(async () => {
  await mqtt?.endAsync();
  await browser?.close();
  await cloud?.stop();
  await db?.end();
  const admin = new pg.Client(ADMIN_URL);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
}, 120_000);

const canvas = (page: Page): Locator => page.getByTestId("pipeline-canvas");
const canvasNode = (page: Page, id: string): Locator => canvas(page).locator(`.react-flow__node[data-id="${id}"]`);

/** Drags a palette entry onto the canvas at a point (relative to the canvas's top-left corner). */
async function dropFromPalette(page: Page, entry: string, at: { x: number; y: number }, id: string): Promise<void> {
  await page.locator(`[data-palette="${entry}"]`).dragTo(canvas(page), { targetPosition: at });
  await canvasNode(page, id).waitFor();
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error("the element is not on screen");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Connects two nodes as a person does: press on the source's output handle, move to the target's input, release. */
async function connectNodes(page: Page, source: string, target: string): Promise<void> {
  const from = await centre(canvasNode(page, source).locator(".react-flow__handle.source"));
  const to = await centre(canvasNode(page, target).locator('.react-flow__handle.target[data-handleid="in"]'));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
  await canvas(page).getByTestId(`rf__edge-${source}->${target}`).waitFor({ state: "attached" });
}

async function selectNode(page: Page, id: string): Promise<Locator> {
  await canvasNode(page, id).click();
  const panel = page.getByRole("complementary", { name: `Node ${id}` });
  await panel.waitFor();
  return panel;
}

async function renameNode(page: Page, id: string, newId: string): Promise<void> {
  const panel = await selectNode(page, id);
  await panel.getByLabel("Node name").fill(newId);
  await panel.getByRole("button", { name: "Rename" }).click();
  await canvasNode(page, newId).waitFor();
}

/** Edits the selected node's YAML in the side panel: each replacement must find its text. */
async function editNodeYaml(page: Page, id: string, replacements: readonly (readonly [string, string])[]): Promise<void> {
  const panel = await selectNode(page, id);
  const field = panel.getByLabel("Node YAML");
  let text = await field.inputValue();
  for (const [before, after] of replacements) {
    expect(text).toContain(before);
    text = text.replace(before, after);
  }
  await field.fill(text);
  await panel.getByRole("button", { name: "Apply YAML" }).click();
  // The panel shows the node as the document now has it: the edit went through the document.
  await expect.poll(async () => parse(await field.inputValue()) as unknown, { timeout: 10_000 }).toEqual(parse(text));
}

async function applyConnectorSettings(page: Page, id: string, values: Readonly<Record<string, string>>, choices: Readonly<Record<string, string>> = {}): Promise<void> {
  const form = (await selectNode(page, id)).getByRole("form", { name: "Connector settings" });
  for (const [label, value] of Object.entries(values)) await form.getByLabel(label, { exact: true }).fill(value);
  for (const [label, value] of Object.entries(choices)) await form.getByLabel(label, { exact: true }).selectOption(value);
  await form.getByRole("button", { name: "Apply settings" }).click();
}

/** Opens the deploy dialog; answers its change lines and plan sentence. */
async function openDeployDialog(page: Page): Promise<{ dialog: Locator; rows: string[]; plan: string }> {
  await page.getByRole("button", { name: "Deploy…" }).click();
  const dialog = page.getByRole("dialog", { name: "Deploy pipeline" });
  const plan = dialog.getByTestId("deploy-plan");
  await plan.waitFor({ timeout: 30_000 });
  return { dialog, rows: await dialog.getByTestId("diff-row").allTextContents(), plan: (await plan.textContent()) ?? "" };
}

async function deployVersion(page: Page, dialog: Locator, version: number): Promise<void> {
  await dialog.getByRole("button", { name: "Deploy", exact: true }).click();
  await page
    .getByRole("status")
    .filter({ hasText: `Deployed version ${version.toString()}.` })
    .waitFor({ timeout: 60_000 });
}

it("builds an MQTT → SmartModule → window → view + Postgres pipeline on the canvas, deploys it, edits it and restores it", { timeout: 900_000 }, async () => {
  const context = await browser.newContext({ baseURL: cloud.consoleUrl, viewport: { width: 1680, height: 1200 } });
  const page = await context.newPage();
  const shots = screenshotRecorder("console-pipelines");
  onTestFailed(async () => {
    await shots.take(page, "failed-here");
    console.log(cloud.output());
  });
  const unique = randomBytes(6).toString("hex");
  const filter = `freshet-pipelines-e2e/${unique}/#`;
  await signUpWithOrganization(page, cloud.mailbox, { name: "Margaret Hamilton", email: `margaret-${unique}@example.com` }, { name: "Apollo" });
  await createRunningCluster(page, "plant");

  // The json-filter example, loaded in the cluster: the palette offers the cluster's SmartModules.
  await page.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: "SmartModules" }).click();
  const loader = page.getByRole("form", { name: "Load a SmartModule" });
  const { wasm } = await buildSmartModule(examplePath("json-filter"));
  await loader.getByLabel("File (.wasm)").setInputFiles({ name: "json-filter.wasm", mimeType: "application/wasm", buffer: Buffer.from(wasm) });
  await loader.getByRole("button", { name: "Load SmartModule" }).click();
  await page.getByRole("status").filter({ hasText: "Loaded json-filter@0.1.0 (filter)." }).waitFor({ timeout: 300_000 });

  // New pipeline: the builder opens on the template document.
  await page.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: "Pipelines" }).click();
  await page.getByRole("button", { name: "New pipeline" }).click();
  await page.getByLabel("Pipeline name").fill("sensors");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.waitForURL(/\/pipelines\/[^/]+$/);
  const pipelineId = new URL(page.url()).pathname.split("/").pop()!;
  await canvasNode(page, "input").waitFor();
  await shots.take(page, "template");

  // The template's nodes go: one with the side panel's button, one with the Delete key.
  await (await selectNode(page, "results")).getByRole("button", { name: "Delete node" }).click();
  await canvasNode(page, "results").waitFor({ state: "detached" });
  await canvasNode(page, "input").click();
  await page.keyboard.press("Delete");
  await canvasNode(page, "input").waitFor({ state: "detached" });

  // Six nodes dragged from the palette, then connected by their handles.
  await dropFromPalette(page, "connector:mqtt-source", { x: 20, y: 60 }, "mqtt");
  await dropFromPalette(page, "smartmodule:json-filter", { x: 260, y: 60 }, "json-filter");
  await dropFromPalette(page, "op:keyBy", { x: 500, y: 60 }, "key-by");
  await dropFromPalette(page, "op:aggregate", { x: 260, y: 240 }, "aggregate");
  await dropFromPalette(page, "sink:view", { x: 500, y: 200 }, "view");
  await dropFromPalette(page, "connector:postgres-sink", { x: 500, y: 340 }, "postgres");
  await renameNode(page, "mqtt", "readings");
  await renameNode(page, "json-filter", "hot");
  await renameNode(page, "aggregate", "counts");
  await shots.take(page, "dropped");
  await connectNodes(page, "readings", "hot");
  await connectNodes(page, "hot", "key-by");
  await connectNodes(page, "key-by", "counts");
  await connectNodes(page, "counts", "view");
  await connectNodes(page, "counts", "postgres");
  await shots.take(page, "connected");

  // Unconfigured connectors are problems on their nodes (red outline and message) and at their lines.
  await expect.poll(() => canvasNode(page, "postgres").locator("[data-problems]").getAttribute("data-problems"), { timeout: 30_000 }).not.toBe("0");
  expect(await page.getByTestId("yaml-problem").count()).toBeGreaterThan(0);
  expect(await page.getByRole("button", { name: "Deploy…" }).isDisabled()).toBe(true);
  await shots.take(page, "problems");

  // The side panel: connector forms generated from their schemas, and each node's YAML.
  await applyConnectorSettings(page, "readings", { url: MQTT_URL, topics: filter }, { payloadFormat: "json" });
  await editNodeYaml(page, "readings", [["topic: sensors.mqtt", "topic: sensors.mqtt\neventTime: payload.ts"]]);
  await editNodeYaml(page, "hot", [["params: {}", "params:\n    field: payload.level\n    value: hot"]]);
  await editNodeYaml(page, "key-by", [["keyBy: _key", "keyBy: payload.device"]]);
  await editNodeYaml(page, "counts", [["tumbling:\n      size: 1m", "hopping:\n      size: 1m\n      slide: 10s"]]);
  await applyConnectorSettings(page, "postgres", { url: SINK_URL, table: "counts", columns: JSON.stringify({ device: "key", window_start: "windowStart", n: "n" }) });
  await expect.poll(() => page.getByTestId("yaml-problem").count(), { timeout: 30_000 }).toBe(0);
  await page.getByTestId("draft-saved").waitFor({ timeout: 30_000 });
  await shots.take(page, "configured");

  // The YAML tab shows the document the canvas made, and the draft saved is that document.
  const yamlPane = page.getByTestId("pipeline-yaml");
  for (const line of ["name: sensors", "  readings:", "  hot:", "    from: readings", "      slide: 10s", "  postgres:", "layout:"]) await yamlPane.getByText(line, { exact: true }).first().waitFor();
  // Drafts save a second after the last edit: poll until the saved one is the document above.
  const savedDraft = async () => parse((await callApi<{ draft: { yaml: string } }>(page, "pipelines.get", { pipelineId }, "query")).draft.yaml) as Record<string, Record<string, unknown>>;
  await expect
    .poll(
      async () => {
        const { sources, operators, sinks } = await savedDraft();
        return { sources, operators, sinks };
      },
      { timeout: 30_000 },
    )
    .toEqual({
      sources: { readings: { topic: "sensors.mqtt", connector: { type: "mqtt-source", config: { url: MQTT_URL, topics: [filter], payloadFormat: "json" } }, eventTime: "payload.ts" } },
      operators: {
        hot: { from: "readings", filter: { smartmodule: "json-filter", params: { field: "payload.level", value: "hot" } } },
        "key-by": { from: "hot", keyBy: "payload.device" },
        counts: { from: "key-by", aggregate: { window: { hopping: { size: "1m", slide: "10s" } }, fields: { n: { count: true } } } },
      },
      sinks: {
        view: { from: "counts", view: {} },
        postgres: { from: "counts", connector: { type: "postgres-sink", config: { url: SINK_URL, table: "counts", columns: { device: "key", window_start: "windowStart", n: "n" } } } },
      },
    });
  const draft = await savedDraft();
  expect(Object.keys(draft.layout!).sort()).toEqual(["counts", "hot", "key-by", "postgres", "readings", "view"]);

  // Preview with sinks off: the MQTT source runs in capture mode, every node shows samples in and
  // out, and the SmartModule node runs its module in the browser over its input samples.
  mqtt = await connectAsync(MQTT_URL, { clientId: `pipelines-e2e-${unique}` });
  const client = mqtt;
  const publish = (device: string, level: string, ts: number) => client.publishAsync(`freshet-pipelines-e2e/${unique}/${device}`, JSON.stringify({ device, level, ts }), { qos: 1 });
  await page.getByRole("tab", { name: "Preview" }).click();
  await startPreview(page, { maxSeconds: 120 });
  await previewReaches(page, "running", 60_000);
  // The capture subscription starts when the preview does: publish until samples show.
  const feed = setInterval(() => void Promise.all([publish("p", "hot", 1_000), publish("p", "cold", 1_000)]), 500);
  try {
    const readingsSamples = await previewShowsSamples(page, "readings", { in: 1, out: 1 });
    expect(readingsSamples.in.some((value) => value.includes('"hot"'))).toBe(true);
    const hot = await previewShowsSamples(page, "hot", { in: 2, out: 1 });
    expect(hot.in.some((value) => value.includes('"cold"'))).toBe(true);
    expect(hot.out.filter((value) => value.includes('"cold"'))).toEqual([]);
    await shots.take(page, "preview");
    const trial = await previewTriesSmartModule(page, "hot");
    expect(trial.out.length).toBeGreaterThan(0);
    expect(trial.out.filter((value) => value.includes('"cold"'))).toEqual([]);
    await shots.take(page, "preview-try-in-browser");
  } finally {
    clearInterval(feed);
  }
  await controlPreview(page, "Stop");
  await page.getByRole("tab", { name: "Editor" }).click();

  // Deploy: every node is new; the dataflow and both connectors are deployed.
  const first = await openDeployDialog(page);
  expect(first.rows.filter((row) => row.startsWith("+ node")).length).toBe(6);
  expect(first.plan).toBe("Redeploys sensors, sensors-postgres, sensors-readings. ");
  await shots.take(page, "deploy-v1");
  await deployVersion(page, first.dialog, 1);
  await page.locator('[data-testid="pipeline-status"][data-status="Running"]').waitFor({ timeout: 180_000 });
  await shots.take(page, "running-v1");

  // Readings from a real MQTT client: the cold one is filtered out by the SmartModule; z's reading at 300 s closes every earlier window.
  const readings = [
    ["a", "hot", 1_000],
    ["a", "hot", 2_000],
    ["b", "hot", 3_000],
    ["a", "cold", 4_000],
    ["z", "hot", 300_000],
  ] as const;
  for (const [device, level, ts] of readings) await publish(device, level, ts);
  const rows = async () => (await db.query<{ device: string; n: string; windows: string }>("SELECT device, n, count(*) AS windows FROM counts GROUP BY device, n ORDER BY device, n")).rows;
  await expect.poll(rows, { timeout: 120_000 }).toEqual([
    { device: "a", n: "2", windows: "6" },
    { device: "b", n: "1", windows: "6" },
  ]);

  // The run view: records/s in and out per node while readings flow.
  await page.getByRole("tab", { name: "Run" }).click();
  let next = 301_000;
  const flow = setInterval(() => void publish("c", "hot", (next += 1_000)), 250);
  try {
    const shown = await runViewShowsRates(page, ["readings", "hot"]);
    expect(shown.readings?.tone).not.toBe("error");
    await shots.take(page, "run-view");
  } finally {
    clearInterval(flow);
  }
  await page.getByRole("tab", { name: "Editor" }).click();

  // Moving a node changes only the layout block: nothing to redeploy.
  const handle = await centre(canvasNode(page, "view"));
  await page.mouse.move(handle.x, handle.y);
  await page.mouse.down();
  await page.mouse.move(handle.x + 60, handle.y - 80, { steps: 8 });
  await page.mouse.up();
  const moved = await openDeployDialog(page);
  expect(moved.rows).toEqual([]);
  expect(moved.plan).toBe("Layout only: nothing to redeploy.");
  await shots.take(page, "layout-only");
  await moved.dialog.getByRole("button", { name: "Cancel" }).click();

  // The filter edited: the dialog names the field and redeploys the dataflow only.
  await editNodeYaml(page, "hot", [["value: hot", "value: warm"]]);
  const second = await openDeployDialog(page);
  expect(second.rows).toEqual(['~ hot: filter.params.value "hot" → "warm"']);
  expect(second.plan).toBe("Redeploys sensors. Leaves sensors-postgres, sensors-readings running untouched.");
  await shots.take(page, "deploy-v2");
  await deployVersion(page, second.dialog, 2);

  // Versions: v1 compared with the document, then restored as v3.
  await page.getByRole("tab", { name: "Versions" }).click();
  const v1 = page.locator('tr[data-version="1"]');
  await v1.getByRole("button", { name: "Compare" }).click();
  const comparison = page.getByRole("region", { name: "Compare v1" });
  await expect.poll(() => comparison.getByTestId("diff-row").allTextContents(), { timeout: 30_000 }).toEqual(['~ hot: filter.params.value "hot" → "warm"']);
  await shots.take(page, "compare-v1");
  await v1.getByRole("button", { name: "Restore" }).click();
  await page.getByRole("status").filter({ hasText: "Restored as version 3." }).waitFor({ timeout: 60_000 });
  const v3 = page.locator('tr[data-version="3"]');
  await v3.waitFor({ timeout: 30_000 });
  expect(await v3.getByRole("cell").first().textContent()).toBe("v3restored from v1");
  const restored = await callApi<{ yaml: string }>(page, "pipelines.version", { pipelineId, version: 3 }, "query");
  expect(restored.yaml).toBe((await callApi<{ yaml: string }>(page, "pipelines.version", { pipelineId, version: 1 }, "query")).yaml);
  await shots.take(page, "restored-v3");
  console.log(`console-pipelines screenshots:\n${shots.paths.join("\n")}`);
  await context.close();
});

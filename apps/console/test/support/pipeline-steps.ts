import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

/*
 * Steps that drive the pipeline builder's Preview and Run tabs (PreviewPanel, RunView) and read
 * back what they show. They expect the tab to be open already; the builder's journey opens it.
 */

export type NodeTone = "neutral" | "ok" | "low" | "high" | "error";

export interface ShownNode {
  readonly tone: NodeTone;
  /** The metric lines under the node's name, e.g. "in 12 · out 10" or "in 3.2/s · out 3.2/s". */
  readonly lines: string[];
}

const previewPanel = (page: Page): Locator => page.getByTestId("preview-panel");
const runView = (page: Page): Locator => page.getByTestId("run-view");

/** Every node drawn in a panel's graph: its colour and metric lines. */
async function shownNodes(root: Locator): Promise<Record<string, ShownNode>> {
  const cards = root.locator("[data-node-id]");
  const shown: Record<string, ShownNode> = {};
  for (let i = 0; i < (await cards.count()); i++) {
    const card = cards.nth(i);
    const id = (await card.getAttribute("data-node-id")) ?? "";
    shown[id] = { tone: ((await card.getAttribute("data-tone")) ?? "neutral") as NodeTone, lines: await card.getByTestId("node-metric").allTextContents() };
  }
  return shown;
}

function clickNode(root: Locator, nodeId: string): Promise<void> {
  return root.getByTestId(`rf__node-${nodeId}`).click();
}

/** Starts a preview with the given bounds (the form's defaults otherwise) and waits for its first progress line. */
export async function startPreview(page: Page, bounds: { maxRecords?: number; maxSeconds?: number } = {}): Promise<void> {
  const panel = previewPanel(page);
  if (bounds.maxRecords !== undefined) await panel.getByLabel("Max records").fill(String(bounds.maxRecords));
  if (bounds.maxSeconds !== undefined) await panel.getByLabel("Max seconds").fill(String(bounds.maxSeconds));
  await panel.getByRole("button", { name: "Start preview" }).click();
  await panel.getByTestId("preview-progress").waitFor({ timeout: 30_000 });
}

/** Waits until the preview is in `state` and returns its progress line (e.g. "done · 4.1 s of 120 s · 10 of 10 records · …"). */
export async function previewReaches(page: Page, state: "running" | "paused" | "stopped" | "done" | "failed", timeout = 120_000): Promise<string> {
  const progress = previewPanel(page).getByTestId("preview-progress");
  await expect.poll(() => progress.getAttribute("data-state"), { timeout }).toBe(state);
  return (await progress.textContent()) ?? "";
}

/** Clicks one of the preview's controls (Pause, Resume, Stop) and waits for the state it leads to. */
export async function controlPreview(page: Page, control: "Pause" | "Resume" | "Stop"): Promise<string> {
  await previewPanel(page).getByRole("button", { name: control, exact: true }).click();
  return previewReaches(page, control === "Pause" ? "paused" : control === "Resume" ? "running" : "stopped", 30_000);
}

/** The preview's per-node in/out counts as the graph shows them. */
export async function previewCounts(page: Page): Promise<Record<string, { in: number; out: number }>> {
  const counts: Record<string, { in: number; out: number }> = {};
  for (const [id, node] of Object.entries(await shownNodes(previewPanel(page)))) {
    const match = /^in (\d+) · out (\d+)$/.exec(node.lines[0] ?? "");
    if (match !== null) counts[id] = { in: Number(match[1]), out: Number(match[2]) };
  }
  return counts;
}

/**
 * Clicks a node of the preview graph and waits until its detail shows at least `atLeast` sample
 * records in and out; returns the values shown (in arrival order).
 */
export async function previewShowsSamples(page: Page, nodeId: string, atLeast: { in?: number; out?: number } = { in: 1 }): Promise<{ in: string[]; out: string[] }> {
  const panel = previewPanel(page);
  await clickNode(panel, nodeId);
  const detail = panel.locator(`[data-testid="preview-node-detail"][data-node="${nodeId}"]`);
  await detail.waitFor({ timeout: 10_000 });
  const values = (side: "in" | "out") => detail.getByTestId(`samples-${side}`).getByTestId("sample-row").locator("td:nth-child(3)").allTextContents();
  await expect.poll(async () => (await values("in")).length >= (atLeast.in ?? 0) && (await values("out")).length >= (atLeast.out ?? 0), { timeout: 60_000 }).toBe(true);
  return { in: await values("in"), out: await values("out") };
}

/**
 * Waits until the run view shows a non-zero input rate on each named node and returns every
 * node as shown (colour by backpressure, rate lines).
 */
export async function runViewShowsRates(page: Page, nodeIds: readonly string[], timeout = 90_000): Promise<Record<string, ShownNode>> {
  const view = runView(page);
  const flowing = (node: ShownNode | undefined) => node !== undefined && /^in (?!0\/s)\S+\/s · out \S+\/s$/.test(node.lines[0] ?? "");
  await expect
    .poll(
      async () => {
        const shown = await shownNodes(view);
        return nodeIds.filter((id) => !flowing(shown[id]));
      },
      { timeout },
    )
    .toEqual([]);
  return shownNodes(view);
}

/** The lag labels on the run view's edges, by edge id (`source->target`). */
export async function runViewLags(page: Page): Promise<Record<string, string>> {
  const view = runView(page);
  const edges = view.locator('[data-testid^="rf__edge-"]');
  const lags: Record<string, string> = {};
  for (let i = 0; i < (await edges.count()); i++) {
    const edge = edges.nth(i);
    const label = edge.locator(".react-flow__edge-text");
    if ((await label.count()) === 0) continue;
    lags[((await edge.getAttribute("data-testid")) ?? "").replace(/^rf__edge-/, "")] = (await label.textContent()) ?? "";
  }
  return lags;
}

/** Clicks a node of the running graph; returns its totals (as shown) and its recent errors. */
export async function runViewNodeDetail(page: Page, nodeId: string): Promise<{ facts: Record<string, string>; errors: string[] }> {
  const view = runView(page);
  await clickNode(view, nodeId);
  const detail = view.locator(`[data-testid="run-node-detail"][data-node="${nodeId}"]`);
  await detail.waitFor({ timeout: 10_000 });
  const facts: Record<string, string> = {};
  for (const name of ["records-in", "records-out", "errors", "dead-letters", "backpressure"]) {
    const value = detail.getByTestId(`run-${name}`);
    if ((await value.count()) > 0) facts[name] = (await value.textContent()) ?? "";
  }
  return { facts, errors: await detail.getByTestId("node-errors").locator("li").allTextContents() };
}

/**
 * With a SmartModule node's detail open (previewShowsSamples), runs its module in the browser over
 * the node's input samples; returns the output values and the refused records as shown.
 */
export async function previewTriesSmartModule(page: Page, nodeId: string): Promise<{ out: string[]; errors: string[] }> {
  const trial = previewPanel(page).locator(`[data-testid="preview-node-detail"][data-node="${nodeId}"]`).getByTestId("smartmodule-trial");
  await trial.getByRole("button", { name: "Try in the browser" }).click();
  const output = trial.getByTestId("trial-out");
  await output.waitFor({ timeout: 60_000 });
  return {
    out: await output.getByTestId("sample-row").locator("td:nth-child(3)").allTextContents(),
    errors: await trial.getByTestId("node-errors").locator("li").allTextContents(),
  };
}

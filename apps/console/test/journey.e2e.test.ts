import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { launchChromium } from "./support/chromium";
import { startLocalCloud, type LocalCloud } from "./support/local-cloud";
import { screenshotRecorder } from "./support/screenshots";
import { runSnippet } from "./support/shell-snippet";

// Issue 5's journey, in a real browser against the real API, provisioning worker and console:
// sign up → organization → cluster (watched until Running) → credentials → topic → produce → live
// tail → kcat with the console's snippet → cluster deleted (watched until Deleted, processes gone).

let cloud: LocalCloud;
let browser: Browser;
let page: Page;
const shots = screenshotRecorder("console-journey");
const requested: string[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud();
  browser = await launchChromium();
  page = await browser.newPage({ baseURL: cloud.consoleUrl, viewport: { width: 1280, height: 900 } });
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  console.log(`console journey screenshots:\n${shots.paths.join("\n")}`);
}, 120_000);

describe("console journey", () => {
  it("takes a new user from sign-up to a record in the live tail", { timeout: 240_000 }, async () => {
    onTestFailed(async () => {
      await shots.take(page, "failed-here");
      console.log(cloud.output());
    });
    const email = `ada-${Date.now()}@example.com`;

    await page.goto("/sign-up");
    await page.getByLabel("Name").fill("Ada Lovelace");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct horse battery");
    await shots.take(page, "sign-up");
    const signedUpAt = performance.now();
    await page.getByRole("button", { name: "Sign up" }).click();

    await page.waitForURL("**/onboarding");
    await page.getByLabel("Organization name").fill("Analytical Engines");
    await expect.poll(() => page.getByLabel("Slug").inputValue()).toBe("analytical-engines");
    await page.getByRole("button", { name: "Create organization" }).click();
    await page.waitForURL("**/clusters");
    await expect.poll(() => page.getByLabel("Organization", { exact: true }).locator("option:checked").textContent()).toBe("Analytical Engines");
    await shots.take(page, "clusters-empty");

    // A mark on this page's global object: it survives only if Running arrives without a reload.
    await page.evaluate(() => void ((globalThis as { journeyMark?: string }).journeyMark = "before-create"));
    await page.getByLabel("Cluster name").fill("first-cluster");
    await page.getByRole("button", { name: "Create cluster" }).click();
    const row = page.getByRole("row", { name: /first-cluster/ });
    await row.waitFor();
    await shots.take(page, "cluster-provisioning");
    await row.locator('[data-testid="cluster-status"][data-status="Running"]').waitFor({ timeout: 120_000 });
    const signUpToRunningMs = Math.round(performance.now() - signedUpAt);
    console.log(`sign-up → cluster Running: ${signUpToRunningMs} ms`);
    expect(await page.evaluate(() => (globalThis as { journeyMark?: string }).journeyMark)).toBe("before-create");
    expect(requested.some((path) => path.includes("clusters.watch"))).toBe(true);
    expect(await row.getByRole("cell").nth(4).textContent()).toMatch(/^127\.0\.0\.1:\d+$/);
    await shots.take(page, "cluster-running");

    await row.getByRole("link", { name: "first-cluster" }).click();
    await page.waitForURL(/\/clusters\/[^/]+$/);
    const bootstrap = await page.getByTestId("bootstrap").textContent();
    expect(bootstrap).toMatch(/^127\.0\.0\.1:\d+$/);

    await page.getByLabel("Credential name").fill("laptop");
    await page.getByRole("button", { name: "Create credential" }).click();
    const password = await page.getByTestId("secret-value").textContent();
    expect(password?.length).toBeGreaterThanOrEqual(16);
    const username = await page.getByTestId("credential-username").textContent();
    await page.getByRole("tab", { name: "kcat" }).waitFor();
    const kcatSnippet = (await page.locator("pre code").textContent()) ?? "";
    expect(kcatSnippet).toContain(`kcat -b ${bootstrap} \\`);
    expect(kcatSnippet).toContain(`-X sasl.username=${username} \\`);
    await shots.take(page, "credentials");

    await page.getByLabel("Topic name").fill("greetings");
    await page.getByLabel("Partitions").fill("2");
    await page.getByRole("button", { name: "Create topic" }).click();
    const topicRow = page.getByRole("row", { name: /greetings/ });
    await topicRow.waitFor();
    expect(await topicRow.getByRole("cell").nth(1).textContent()).toBe("2");
    await shots.take(page, "topic-created");

    await topicRow.getByRole("link", { name: "greetings" }).click();
    await page.waitForURL(/\/topics\/greetings$/);
    await page.locator('[data-testid="tail-state"]', { hasText: "Live" }).waitFor();
    await page.getByLabel("Key").fill("ada");
    await page.getByLabel("Value").fill('{"hello":"from the console"}');
    await page.getByRole("button", { name: "Produce" }).click();
    await page.getByRole("status").filter({ hasText: /Produced to partition \d at offset 0\./ }).waitFor();

    const tailed = page.getByTestId("tail-record");
    await tailed.first().waitFor();
    expect(await tailed.count()).toBe(1);
    expect(await tailed.first().getByTestId("tail-value").textContent()).toBe('{"hello":"from the console"}');
    expect(await tailed.first().textContent()).toContain("ada");
    expect(requested.some((path) => path.includes("topics.tail"))).toBe(true);
    await shots.take(page, "live-tail");

    // The laptop: the kcat snippet as the console shows it, then the same login reading the record back.
    const login = { FRESHET_PASSWORD: password! };
    const metadata = await runSnippet(kcatSnippet, login);
    expect(metadata).toContain(' topic "greetings" with 2 partitions:');
    const consumeSnippet = kcatSnippet.replace(/-L$/, "-C -t greetings -o beginning -e -q -f '%k=%s\\n'");
    expect(await runSnippet(consumeSnippet, login)).toBe('ada={"hello":"from the console"}\n');

    // Deleting goes through the worker too, and the badge follows it live to Deleted.
    await page.getByRole("link", { name: "first-cluster" }).click();
    await page.waitForURL(/\/clusters\/[^/]+$/);
    await page.getByRole("button", { name: "Delete cluster" }).click();
    await page.getByRole("button", { name: "Delete first-cluster" }).click();
    await page.locator('[data-testid="cluster-status"][data-status="Deleted"]').waitFor({ timeout: 60_000 });
    await page.getByRole("status").filter({ hasText: "The cluster was deleted; its topics and credentials are gone." }).waitFor();
    expect(await page.getByRole("button", { name: /^Delete/ }).count()).toBe(0);
    await shots.take(page, "cluster-deleted");
    expect(await cloud.tenantProcesses()).toBe(0);
  });
});

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { launchChromium } from "./support/chromium";
import { callApi, createRunningCluster, signUpWithOrganization } from "./support/console-user";
import { startLocalCloud, type LocalCloud } from "./support/local-cloud";
import { screenshotRecorder } from "./support/screenshots";
import { runSnippet } from "./support/shell-snippet";

// Issue 13's access control, in a real browser against the real cloud: a rule added on a
// credential's page in the Access tab denies it producing to a topic, which kcat (run with the
// console's own snippet) reports as Kafka's authorization error, while another credential still
// produces; removing the rule gives the access back.

let cloud: LocalCloud;
let browser: Browser;
let page: Page;
let laptop: string;
const shots = screenshotRecorder("console-access");

beforeAll(async () => {
  cloud = await startLocalCloud();
  browser = await launchChromium();
  page = await browser.newPage({ baseURL: cloud.consoleUrl, viewport: { width: 1280, height: 900 } });
  laptop = await mkdtemp(join(tmpdir(), "freshet-access-laptop-"));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  await rm(laptop, { recursive: true, force: true });
  console.log(`console access screenshots:\n${shots.paths.join("\n")}`);
}, 120_000);

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

describe("access control from the console", () => {
  it("denies a credential producing to a topic with a rule, while another credential still produces", { timeout: 240_000 }, async () => {
    onTestFailed(async () => {
      await shots.take(page, "failed-here");
      console.log(cloud.output());
    });
    await signUpWithOrganization(page, cloud.mailbox, { name: "Ada Lovelace", email: `ada-${Date.now()}@example.com` }, { name: "Analytical Engines" });
    const clusterId = await createRunningCluster(page, "payments-cluster");
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

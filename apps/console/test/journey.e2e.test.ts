import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { startCloudAndBrowser } from "./support/cloud-and-browser";
import type { LocalCloud } from "./support/local-cloud";
import { screenshotRecorder } from "./support/screenshots";
import { runSnippet } from "./support/shell-snippet";

// Issue 5's journey, in a real browser against the real API, provisioning worker and console:
// sign up → organization → cluster (watched until Running) → credentials → topic → produce → live
// tail → kcat and the CLI with the console's snippets → cluster deleted by typing its name (watched
// until Deleted, then back on the list; processes gone) → the 404 page and the favicon.

let cloud: LocalCloud;
let browser: Browser;
let page: Page;
const shots = screenshotRecorder("console-journey");
const requested: string[] = [];
/** The clone, where the README's `npx freshet` finds the workspace's own CLI. */
const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

beforeAll(async () => {
  ({ cloud, browser } = await startCloudAndBrowser());
  page = await browser.newPage({ baseURL: cloud.consoleUrl, viewport: { width: 1280, height: 900 } });
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  console.log(`console journey screenshots:\n${shots.paths.join("\n")}`);
}, 120_000);

async function fillSignUp(on: Page, name: string, email: string): Promise<void> {
  await on.goto("/sign-up");
  await on.getByLabel("Name").fill(name);
  await on.getByLabel("Email").fill(email);
  await on.getByLabel("Password").fill("correct horse battery");
}

/** Sends the sign-up form, then opens the link mailed to `email`, which confirms the address and signs in. */
async function signUpAndConfirm(on: Page, name: string, email: string): Promise<void> {
  await fillSignUp(on, name, email);
  await on.getByRole("button", { name: "Sign up" }).click();
  await on.getByRole("heading", { name: "Check your email" }).waitFor();
  await on.getByText(`We sent a link to ${email}.`).waitFor();
  await openConfirmationLink(on, email);
}

async function openConfirmationLink(on: Page, email: string): Promise<void> {
  const mail = await cloud.mailbox.waitFor((m) => m.to.includes(email) && m.subject === "Confirm your email for Freshet");
  await on.goto(mail.links[0]!);
}

async function createOrganization(on: Page, name: string, slug: string): Promise<void> {
  await on.waitForURL("**/onboarding");
  await on.getByLabel("Organization name").fill(name);
  await expect.poll(() => on.getByLabel("Slug").inputValue()).toBe(slug);
  await on.getByRole("button", { name: "Create organization" }).click();
  await on.waitForURL("**/clusters");
  await expect.poll(() => activeOrganization(on)).toBe(name);
}

const activeOrganization = (on: Page) => on.getByLabel("Organization", { exact: true }).locator("option:checked").textContent();

describe("console journey", () => {
  it("takes a new user from sign-up to a record in the live tail", { timeout: 240_000 }, async () => {
    onTestFailed(async () => {
      await shots.take(page, "failed-here");
      console.log(cloud.output());
    });
    const email = `ada-${Date.now()}@example.com`;

    await fillSignUp(page, "Ada Lovelace", email);
    await shots.take(page, "sign-up");
    const signedUpAt = performance.now();
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    await page.getByText("Local mode: mail is not sent.").waitFor();
    await shots.take(page, "sign-up-check-your-email");
    // Not confirmed yet: signing in is refused, and a new link goes out.
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "Confirm your email address first" }).waitFor();
    await openConfirmationLink(page, email);
    await createOrganization(page, "Analytical Engines", "analytical-engines");
    await shots.take(page, "clusters-empty");

    // A mark on this page's global object: it survives only if Running arrives without a reload.
    await page.evaluate(() => void ((globalThis as { journeyMark?: string }).journeyMark = "before-create"));
    // A name over the server's limit is refused in one sentence (never cut short, never zod's JSON).
    await page.getByLabel("Cluster name").fill("a".repeat(41));
    await page.getByRole("button", { name: "Create cluster" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /^Name must be at most 40 characters\.$/ })
      .waitFor();
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
    expect(kcatSnippet).toContain("-X security.protocol=SASL_SSL \\");
    expect(kcatSnippet).toContain(`-X sasl.username=${username} \\`);
    await shots.take(page, "credentials");

    // Topics live in the cluster's Topics tab; a created topic opens on its own page.
    await page.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: "Topics" }).click();
    await page.waitForURL(/\/topics$/);
    await page.getByRole("button", { name: "Create topic" }).click();
    const topicForm = page.getByRole("form", { name: "Create topic" });
    await topicForm.getByLabel("Topic name").fill("greetings");
    await topicForm.getByLabel("Partitions").fill("2");
    await topicForm.getByRole("button", { name: "Create topic" }).click();
    await page.waitForURL(/\/topics\/greetings$/);
    await shots.take(page, "topic-created");
    await page.locator('[data-testid="tail-state"]', { hasText: "Live" }).waitFor();
    await page.getByLabel("Key").fill("ada");
    await page.getByLabel("Value").fill('{"hello":"from the console"}');
    await page.getByRole("button", { name: "Produce" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /Produced to partition \d at offset 0\./ })
      .waitFor();

    const tailed = page.getByTestId("tail-record");
    await tailed.first().waitFor();
    expect(await tailed.count()).toBe(1);
    expect(await tailed.first().getByTestId("tail-value").textContent()).toBe('{"hello":"from the console"}');
    expect(await tailed.first().textContent()).toContain("ada");
    expect(requested.some((path) => path.includes("topics.tail"))).toBe(true);
    await shots.take(page, "live-tail");

    // The laptop: the kcat snippet as the console shows it, then the same login reading the record back.
    // The snippet writes the cluster's CA beside itself and connects with TLS.
    const login = { FRESHET_PASSWORD: password! };
    const laptop = await mkdtemp(join(tmpdir(), "freshet-journey-laptop-"));
    const metadata = await runSnippet(kcatSnippet, login, { cwd: laptop });
    expect(metadata).toContain(' topic "greetings" with 2 partitions:');
    const consumeSnippet = kcatSnippet.replace(/-L$/, "-C -t greetings -o beginning -e -q -f '%k=%s\\n'");
    expect(await runSnippet(consumeSnippet, login, { cwd: laptop })).toBe('ada={"hello":"from the console"}\n');
    await rm(laptop, { recursive: true, force: true });

    await page.getByRole("navigation", { name: "Cluster" }).getByRole("link", { name: "Overview" }).click();
    await page.waitForURL(/\/clusters\/[^/]+$/);

    // The CLI snippet as printed, run in the clone after its install: it produces to the cluster's
    // topic and reads it back, the password only in the environment.
    await page.getByRole("tab", { name: "freshet CLI" }).click();
    const cliCode = page.locator("pre code");
    await expect.poll(() => cliCode.textContent()).toContain("produce greetings");
    const cliSnippet = (await cliCode.textContent()) ?? "";
    expect(cliSnippet).not.toContain(password!);
    const cliOutput = await runSnippet(cliSnippet, login, { cwd: REPO_ROOT, timeoutMs: 60_000 });
    expect(cliOutput).toMatch(/^greetings +2 +1$/m);
    expect(cliOutput.split("\n")).toEqual(expect.arrayContaining(['{"hello":"from the console"}', "hello"]));

    // Deleting says what is lost and asks for the name; the worker deletes, the page follows it live and returns to the list.
    await page.getByRole("button", { name: "Delete cluster" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete cluster first-cluster?" });
    await dialog.getByText(/its topics with every record in them, its consumer groups and its credentials are removed for good/).waitFor();
    const confirmDelete = dialog.getByRole("button", { name: "Delete first-cluster" });
    expect(await confirmDelete.isDisabled()).toBe(true);
    await dialog.getByLabel("Type first-cluster to confirm").fill("first-cluster");
    await shots.take(page, "cluster-delete-confirm");
    await confirmDelete.click();
    await page.waitForURL(/\/clusters\?deleted=first-cluster$/, { timeout: 60_000 });
    await page.getByRole("status").filter({ hasText: "Cluster first-cluster was deleted; its topics, records and credentials are gone." }).waitFor();
    expect(await page.getByRole("row", { name: /first-cluster/ }).count()).toBe(0);
    await shots.take(page, "cluster-deleted");
    expect(await cloud.tenantProcesses()).toBe(0);

    // Addresses with no page: an unknown cluster leads back to the list; anything else gets the branded 404.
    await page.goto("/clusters/clu_nosuchcluster");
    await page.waitForURL(/\/clusters\?missing=1$/);
    await page.getByRole("status").filter({ hasText: "That cluster does not exist in this organization" }).waitFor();
    expect((await page.goto("/no-such-page"))?.status()).toBe(404);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await page.getByRole("link", { name: "Go to your clusters" }).waitFor();
    await shots.take(page, "not-found");
    const favicon = await fetch(`${cloud.consoleUrl}/favicon.ico`);
    expect([favicon.status, favicon.headers.get("content-type")]).toEqual([200, "image/x-icon"]);
    expect(await page.locator('link[rel="icon"][type="image/svg+xml"]').count()).toBe(1);
  });
});

// An organization's admin pages, with a second person in their own browser context: API keys
// (shown once, usable as a Bearer token, revoked), an invitation the invitee finds after signing
// up, a viewer who only sees what a viewer may do, the audit log of all of it, and the page that
// approves a CLI's device login.
describe("organization administration", () => {
  const orgShots = screenshotRecorder("console-organization");

  it("creates and revokes an API key, invites a viewer who joins, shows it all in the audit log, and approves a CLI login", { timeout: 180_000 }, async () => {
    const owner = await browser.newPage({ baseURL: cloud.consoleUrl, viewport: { width: 1280, height: 900 } });
    const inviteeContext = await browser.newContext({ baseURL: cloud.consoleUrl, viewport: { width: 1280, height: 900 } });
    const invitee = await inviteeContext.newPage();
    onTestFailed(async () => {
      await orgShots.take(owner, "failed-here-owner");
      await orgShots.take(invitee, "failed-here-invitee");
      console.log(cloud.output());
    });
    const stamp = Date.now();
    const inviteeEmail = `grace-${stamp}@example.com`;

    await signUpAndConfirm(owner, "Charles Babbage", `charles-${stamp}@example.com`);
    await createOrganization(owner, "Difference Engines", "difference-engines");

    // API keys: the secret is shown once, works as a Bearer token through the console's origin, and stops working when revoked.
    await owner.getByRole("link", { name: "API keys" }).click();
    await owner.waitForURL("**/api-keys");
    await owner.getByLabel("Key name").fill("ci-deploy");
    await owner.getByLabel("Role", { exact: true }).selectOption("admin");
    await owner.getByRole("button", { name: "Create key" }).click();
    const secret = (await owner.getByTestId("secret-value").textContent()) ?? "";
    expect(secret).toMatch(/^fsk_/);
    const keyRow = owner.getByRole("row", { name: /ci-deploy/ });
    await keyRow.waitFor();
    expect(await keyRow.getByRole("cell").nth(2).textContent()).toBe("admin");
    await orgShots.take(owner, "api-key-created");
    const meWithKey = () => fetch(`${cloud.consoleUrl}/api/trpc/me.get`, { headers: { authorization: `Bearer ${secret}` } });
    const asKey = await meWithKey();
    expect(asKey.status).toBe(200);
    const body = (await asKey.json()) as { result: { data: { organizations: Array<{ name: string; role: string }> } } };
    expect(body.result.data.organizations).toEqual([expect.objectContaining({ name: "Difference Engines", role: "admin" })]);
    await keyRow.getByRole("button", { name: "Revoke" }).click();
    await owner.getByRole("button", { name: "Revoke ci-deploy" }).click();
    await keyRow.getByText("Revoked").waitFor();
    expect((await meWithKey()).status).toBe(401);

    // Members: the invitation is mailed; the invitee follows its link, signs up with the invited
    // address, confirms it from the mail, and only then finds the invitation to accept.
    await owner.getByRole("link", { name: "Members" }).click();
    await owner.waitForURL("**/members");
    await owner.getByLabel("Email", { exact: true }).fill(inviteeEmail);
    await owner.getByLabel("Role", { exact: true }).selectOption("viewer");
    await owner.getByRole("button", { name: "Send invitation" }).click();
    await owner
      .getByRole("status")
      .filter({ hasText: `Invitation sent to ${inviteeEmail}.` })
      .waitFor();
    await owner
      .getByRole("table", { name: "Pending invitations" })
      .getByRole("row", { name: new RegExp(inviteeEmail) })
      .waitFor();
    await orgShots.take(owner, "member-invited");

    const invitation = await cloud.mailbox.waitFor((m) => m.to.includes(inviteeEmail));
    expect(invitation.subject).toBe("Charles Babbage invited you to Difference Engines on Freshet");
    await invitee.goto(invitation.links[0]!);
    await invitee.waitForURL(/\/sign-in\?next=%2Fonboarding/);
    await invitee.getByRole("link", { name: "Create an account" }).click();
    await invitee.waitForURL(/\/sign-up\?next=%2Fonboarding/);
    await invitee.getByLabel("Name").fill("Grace Hopper");
    await invitee.getByLabel("Email").fill(inviteeEmail);
    await invitee.getByLabel("Password").fill("correct horse battery");
    await invitee.getByRole("button", { name: "Sign up" }).click();
    await invitee.getByRole("heading", { name: "Check your email" }).waitFor();
    await openConfirmationLink(invitee, inviteeEmail);
    await invitee.waitForURL("**/onboarding");
    await invitee.getByText("You are invited to join Difference Engines as viewer.").waitFor();
    await orgShots.take(invitee, "invitation-waiting");
    await invitee.getByRole("button", { name: "Join Difference Engines" }).click();
    await invitee.waitForURL("**/clusters");
    await expect.poll(() => activeOrganization(invitee)).toBe("Difference Engines");
    // A viewer is offered nothing the API would refuse: no create form, no admin pages.
    await invitee.getByText(/Your role in this organization is viewer/).waitFor();
    expect(await invitee.getByRole("form", { name: "Create cluster" }).count()).toBe(0);
    expect(await invitee.getByRole("link", { name: "API keys" }).count()).toBe(0);
    expect(await invitee.getByRole("link", { name: "Audit log" }).count()).toBe(0);
    await orgShots.take(invitee, "viewer-clusters");

    await owner.reload();
    const memberRow = owner.getByRole("table", { name: "Members" }).getByRole("row", { name: new RegExp(inviteeEmail) });
    await memberRow.waitFor();
    expect(await memberRow.getByLabel(`Role of ${inviteeEmail}`).inputValue()).toBe("viewer");
    expect(await owner.getByRole("table", { name: "Pending invitations" }).count()).toBe(0);

    // The audit log: every change above, newest first, with the address the console saw.
    await owner.getByRole("link", { name: "Audit log" }).click();
    await owner.waitForURL("**/audit");
    const rows = owner.getByRole("table", { name: "Audit events" }).locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(7);
    const actions = await rows.locator(":scope > :nth-child(3)").allTextContents();
    expect(actions).toEqual(["org.switch", "invitation.accept", "member.invite", "api-key.revoke", "api-key.create", "org.switch", "org.create"]);
    const addresses = await rows.locator(":scope > :nth-child(5)").allTextContents();
    for (const address of addresses) expect(address).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    await orgShots.take(owner, "audit-log");

    // `freshet cloud login --device`: the link it prints, opened signed out, goes through sign-in
    // and back to /device with the code filled in; approving hands the CLI a session of its own.
    const post = (path: string, body: Record<string, string>) =>
      fetch(`${cloud.consoleUrl}/api/auth${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const device = (await (await post("/device/code", { client_id: "freshet-cli" })).json()) as { device_code: string; user_code: string; verification_uri_complete: string };
    const laptopContext = await browser.newContext({ baseURL: cloud.consoleUrl, viewport: { width: 1280, height: 900 } });
    const laptop = await laptopContext.newPage();
    await laptop.goto(device.verification_uri_complete);
    await laptop.waitForURL(/\/sign-in\?next=/);
    await laptop.getByLabel("Email").fill(`charles-${stamp}@example.com`);
    await laptop.getByLabel("Password").fill("correct horse battery");
    await laptop.getByRole("button", { name: "Sign in" }).click();
    await laptop.waitForURL(/\/device\?user_code=/);
    // The code from the link is looked up without a click, and shown as the CLI prints it (ABCD-EFGH).
    await laptop.getByText(`The Freshet CLI asks to act as charles-${stamp}@example.com`).waitFor();
    expect(await laptop.getByTestId("device-code").textContent()).toBe(`${device.user_code.slice(0, 4)}-${device.user_code.slice(4)}`);
    await orgShots.take(laptop, "device-approve");
    await laptop.getByRole("button", { name: "Approve" }).click();
    await laptop.getByRole("status").filter({ hasText: "The CLI is logged in. You can close this tab." }).waitFor();
    await orgShots.take(laptop, "device-approved");
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const token = (await (await post("/device/token", { grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: device.device_code, client_id: "freshet-cli" })).json()) as {
      access_token?: string;
    };
    expect(token.access_token).toBeDefined();
    const asCli = await fetch(`${cloud.consoleUrl}/api/trpc/me.get`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(((await asCli.json()) as { result: { data: { user: { email: string } } } }).result.data.user.email).toBe(`charles-${stamp}@example.com`);
    await laptopContext.close();

    await inviteeContext.close();
    await owner.close();
    console.log(`organization screenshots:\n${orgShots.paths.join("\n")}`);
  });
});

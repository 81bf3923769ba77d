import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFailed } from "vitest";
import { generateKeyPair } from "@freshet/hub/signing";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { createRunningCluster, signUpWithOrganization } from "./support/console-user";
import { startCloudAndBrowser } from "./support/cloud-and-browser";
import { publishPackage } from "./support/hub-publish";
import type { LocalCloud } from "./support/local-cloud";
import { screenshotRecorder } from "./support/screenshots";

// Issue 18's Hub in the console: an organization makes a publish key on the API keys page, claims a
// group and registers its signing key on My packages, publishes a signed SmartModule through the real
// API (as the CLI does), then finds it in Hub search, reads its page (the README's raw HTML inert),
// installs it into its running cluster with the default range, and sees it on the cluster's
// SmartModules list with where it came from. One cloud, one cluster.

let cloud: LocalCloud;
let browser: Browser;

beforeAll(async () => {
  ({ cloud, browser } = await startCloudAndBrowser());
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
}, 120_000);

// Raw HTML a publisher might try: the console must neither render nor run it.
const README = `# JSON filter

Keeps JSON records whose \`field\` equals \`value\`.

<img src="x" onerror="window.hubReadmeRan = true">
<script>window.hubReadmeRan = true</script>

| Parameter | Meaning |
|---|---|
| field | the JSON field to compare |
| value | the value to keep |
`;

it("publishes a signed SmartModule, finds it in the Hub and installs it into a cluster with its provenance", { timeout: 600_000 }, async () => {
  // The component build is cached across runs; it starts while the person signs up.
  const built = buildSmartModule(examplePath("json-filter"));
  const context = await browser.newContext({ baseURL: cloud.consoleUrl, viewport: { width: 1400, height: 1100 } });
  const page = await context.newPage();
  const shots = screenshotRecorder("console-hub");
  onTestFailed(async () => {
    await shots.take(page, "failed-here");
    console.log(cloud.output());
  });
  const unique = randomBytes(6).toString("hex");
  const group = `acme-${unique}`;
  await signUpWithOrganization(page, cloud.mailbox, { name: "Grace Hopper", email: `grace-${unique}@example.com` }, { name: "Acme" });
  const clusterId = await createRunningCluster(page, "plant");

  // A key that may publish, made on the API keys page with the Hub checkbox.
  await page.goto("/api-keys");
  // The lists load in the browser, so once one shows the page is hydrated and its forms are React's.
  await page.getByText("No API keys yet.").waitFor();
  const keyForm = page.getByRole("form", { name: "Create API key" });
  await keyForm.getByLabel("Key name").fill("hub-release");
  await keyForm.getByLabel("Can publish to the Hub").check();
  await keyForm.getByRole("button", { name: "Create key" }).click();
  const apiKey = (await page.getByTestId("secret-value").textContent())!.trim();
  expect(apiKey).toMatch(/^fsk_/);
  await page
    .getByRole("row", { name: /hub-release/ })
    .getByText("can publish to the Hub")
    .waitFor();
  await shots.take(page, "publish-key");

  // The group and the signing key, on My packages.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Hub" }).click();
  await page.waitForURL(/\/hub$/);
  await page.getByRole("link", { name: "My packages" }).click();
  await page.waitForURL(/\/hub\/mine$/);
  await page.getByText("No groups yet.").waitFor();
  const claim = page.getByRole("form", { name: "Claim a group" });
  await claim.getByLabel("Group name").fill(group);
  await claim.getByRole("button", { name: "Claim group" }).click();
  await page.getByRole("region", { name: "Groups" }).getByRole("cell", { name: group, exact: true }).waitFor();
  const keys = generateKeyPair();
  await page.getByText("Register a public key by hand").click();
  const register = page.getByRole("form", { name: "Register a signing key" });
  await register.getByLabel("Key name").fill("release laptop");
  await register.getByLabel("Public key (PEM)").fill(keys.publicKeyPem);
  await register.getByRole("button", { name: "Register key" }).click();
  await page.getByRole("row", { name: "Key release laptop" }).getByText(keys.keyId).waitFor();
  await shots.take(page, "group-and-key");

  // Published as the CLI publishes: signed, multipart, with the API key.
  const { wasm } = await built;
  const published = await publishPackage(cloud.consoleUrl, apiKey, {
    manifest: {
      group,
      name: "json-filter",
      version: "0.1.0",
      kind: "smartmodule",
      description: "Keep JSON records whose field equals a value.",
      license: "Apache-2.0",
      repository: "https://example.com/acme/json-filter",
      keywords: ["json", "filter"],
      visibility: "public",
      smartmodule: {
        world: "freshet:smartmodule/smartmodule@0.1.0",
        moduleKind: "filter",
        parameters: { field: { type: "string", description: "the JSON field to compare" }, value: { type: "string", description: "the value to keep" } },
      },
    },
    readme: README,
    artifact: wasm,
    privateKeyPem: keys.privateKeyPem,
  });
  expect(published).toMatchObject({ group, name: "json-filter", version: "0.1.0" });

  // Found in Hub search by a word of its description, filtered to SmartModules.
  await page.goto("/hub");
  await page.getByRole("row", { name: `${group}/json-filter` }).waitFor();
  const search = page.getByRole("search", { name: "Search the Hub" });
  await search.getByLabel("Search").fill("json records");
  await search.getByLabel("Kind").selectOption("smartmodule");
  await search.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/\/hub\?q=json\+records&kind=smartmodule$/);
  const result = page.getByRole("row", { name: `${group}/json-filter` });
  await result.waitFor();
  expect(await result.textContent()).toContain("0.1.0");
  await shots.take(page, "search");

  // Its page: README rendered (its table too), its raw HTML neither shown nor run; signature; versions.
  await result.getByRole("link", { name: `${group}/json-filter` }).click();
  await page.waitForURL(new RegExp(`/hub/${group}/json-filter$`));
  const readme = page.getByTestId("package-readme");
  await readme.getByRole("heading", { name: "JSON filter" }).waitFor();
  await readme.getByRole("cell", { name: "the value to keep" }).waitFor();
  expect(await readme.locator("img, script").count()).toBe(0);
  expect(await page.evaluate(() => (globalThis as { hubReadmeRan?: boolean }).hubReadmeRan)).toBeUndefined();
  expect(await page.getByTestId("signature-status").textContent()).toContain(`Signed by key ${keys.keyId.slice(0, 8)}… of group ${group}`);
  await page
    .getByRole("row", { name: `${group}/json-filter@0.1.0` })
    .getByText("Latest")
    .waitFor();
  await page.getByTestId("downloads-chart").waitFor();
  await shots.take(page, "package-page");

  // Installed into the running cluster with the default range.
  const install = page.getByRole("form", { name: "Install package" });
  expect(await install.getByLabel("Version range").inputValue()).toBe("^0.1.0");
  await install.getByText("Installs 0.1.0 now.").waitFor();
  await install.getByRole("button", { name: "Install" }).click();
  await install.getByText(`Installed ${group}/json-filter@0.1.0.`).waitFor({ timeout: 60_000 });
  await shots.take(page, "installed");

  // The cluster's SmartModules list names the package and the range it follows.
  await install.getByRole("link", { name: "See the cluster's SmartModules" }).click();
  await page.waitForURL(new RegExp(`/clusters/${clusterId}/smartmodules$`));
  const row = page.getByRole("row", { name: `${group}/json-filter@0.1.0` });
  await row.waitFor({ timeout: 30_000 });
  expect(await row.getByTestId("hub-provenance").textContent()).toBe(`from the Hub: ${group}/json-filter (^0.1.0)`);
  await page.getByRole("button", { name: "Update from Hub" }).click();
  await page.getByText("Every hub SmartModule already runs the newest version its range allows.").waitFor();
  await shots.take(page, "cluster-smartmodules");
  // Auto-update is kept with the cluster: still on after a reload.
  await page.getByLabel("Update automatically (checked every hour)").check();
  await page.reload();
  await row.waitFor({ timeout: 30_000 });
  await expect.poll(() => page.getByLabel("Update automatically (checked every hour)").isChecked(), { timeout: 15_000 }).toBe(true);

  // My packages: the package with its versions; yanking asks for the reason installers will read.
  await page.goto("/hub/mine");
  const mine = page.getByRole("row", { name: `${group}/json-filter`, exact: true });
  await mine.getByRole("button", { name: "Versions" }).click();
  const version = page.getByRole("row", { name: `${group}/json-filter@0.1.0` });
  await version.getByRole("button", { name: "Yank" }).click();
  await version.getByLabel("Reason").fill("drops records with a null field");
  await version.getByRole("button", { name: "Yank 0.1.0" }).click();
  await version.getByText("drops records with a null field").waitFor();
  await shots.take(page, "yanked");
  await version.getByRole("button", { name: "Unyank" }).click();
  await version.getByRole("button", { name: "Yank" }).waitFor();
  console.log(`console-hub screenshots:\n${shots.paths.join("\n")}`);
  await context.close();
});

import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { LocalCloud } from "./local-cloud";

/** Signs up through the form, opens the mailed confirmation link (which signs in) and creates an organization. */
export async function signUpWithOrganization(cloud: LocalCloud, page: Page, person: { name: string; email: string }, org: { name: string; slug: string }): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  const mail = await cloud.mailbox.waitFor((m) => m.to.includes(person.email) && m.subject === "Confirm your email for Freshet");
  await page.goto(mail.links[0]!);
  await page.waitForURL("**/onboarding");
  await page.getByLabel("Organization name").fill(org.name);
  await expect.poll(() => page.getByLabel("Slug").inputValue()).toBe(org.slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL("**/clusters");
}

/** Creates a cluster from the clusters page and waits until it is Running; answers its id. */
export async function createRunningCluster(page: Page, name: string): Promise<string> {
  await page.getByLabel("Cluster name").fill(name);
  await page.getByRole("button", { name: "Create cluster" }).click();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await row.locator('[data-testid="cluster-status"][data-status="Running"]').waitFor({ timeout: 120_000 });
  await row.getByRole("link", { name }).click();
  await page.waitForURL(/\/clusters\/[^/]+$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** Calls the API through the console's origin with the page's session, as the console's own code does. */
export async function callApi<T>(page: Page, path: string, input: unknown, type: "query" | "mutation"): Promise<T> {
  const answer = await page.evaluate(
    async ({ path, input, type }) => {
      const url = `/api/trpc/${path}`;
      const response =
        type === "query"
          ? await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`)
          : await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
      return { status: response.status, body: (await response.json()) as unknown };
    },
    { path, input, type },
  );
  if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return (answer.body as { result: { data: T } }).result.data;
}

import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { MailCatcher } from "@freshet/local-cloud/mail-catcher";

/** Signs up on the console's form and opens the link mailed to `email`, which confirms the address and signs in. */
export async function signUpAndConfirm(page: Page, mailbox: MailCatcher, name: string, email: string): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  const mail = await mailbox.waitFor((m) => m.to.includes(email) && m.subject === "Confirm your email for Freshet");
  await page.goto(mail.links[0]!);
}

/** The onboarding page's organization form (checking the slug it proposes, when given), then the cluster list it leads to. */
export async function createOrganization(page: Page, name: string, slug?: string): Promise<void> {
  await page.waitForURL("**/onboarding");
  await page.getByLabel("Organization name").fill(name);
  if (slug !== undefined) await expect.poll(() => page.getByLabel("Slug").inputValue()).toBe(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL("**/clusters");
}

/** A confirmed new person with an organization of their own, signed in on the cluster list. */
export async function signUpWithOrganization(page: Page, mailbox: MailCatcher, person: { name: string; email: string }, org: { name: string; slug?: string }): Promise<void> {
  await signUpAndConfirm(page, mailbox, person.name, person.email);
  await createOrganization(page, org.name, org.slug);
}

/** Creates a cluster from the clusters page and waits until it is Running; opens it and answers its id. */
export async function createRunningCluster(page: Page, name: string): Promise<string> {
  await page.getByLabel("Cluster name").fill(name);
  await page.getByRole("button", { name: "Create cluster" }).click();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await row.locator('[data-testid="cluster-status"][data-status="Running"]').waitFor({ timeout: 120_000 });
  await row.getByRole("link", { name }).click();
  await page.waitForURL(/\/clusters\/[^/]+$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** Calls the API through the console's origin with the page's session (its cookie), as the console's own code does. */
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

/** A tRPC mutation from the signed-in page, for setup the test does not look at. */
export function mutateFromPage<T>(page: Page, path: string, input: unknown): Promise<T> {
  return callApi<T>(page, path, input, "mutation");
}

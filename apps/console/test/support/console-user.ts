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

/** The onboarding page's organization form, then the cluster list it leads to. */
export async function createOrganization(page: Page, name: string, slug: string): Promise<void> {
  await page.waitForURL("**/onboarding");
  await page.getByLabel("Organization name").fill(name);
  await expect.poll(() => page.getByLabel("Slug").inputValue()).toBe(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL("**/clusters");
}

/** A tRPC mutation from the signed-in page itself (same origin, its session cookie), for setup the test does not look at. */
export async function mutateFromPage<T>(page: Page, path: string, input: unknown): Promise<T> {
  const answer = await page.evaluate(
    async ([procedure, body]) => {
      const response = await fetch(`/api/trpc/${procedure}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return (await response.json()) as { result?: { data: unknown }; error?: { message: string } };
    },
    [path, input] as const,
  );
  if (answer.result === undefined) throw new Error(`${path} failed: ${answer.error?.message ?? "no answer"}`);
  return answer.result.data as T;
}

import type { Browser } from "playwright-core";
import { launchChromium } from "./chromium";
import { startLocalCloud, type LocalCloud } from "./local-cloud";

/** The local cloud and a headless Chromium, started side by side; when either fails, the other is stopped again. */
export async function startCloudAndBrowser(): Promise<{ cloud: LocalCloud; browser: Browser }> {
  const [cloud, browser] = await Promise.allSettled([startLocalCloud(), launchChromium()]);
  if (cloud.status === "fulfilled" && browser.status === "fulfilled") return { cloud: cloud.value, browser: browser.value };
  if (cloud.status === "fulfilled") await cloud.value.stop();
  if (browser.status === "fulfilled") await browser.value.close();
  throw cloud.status === "rejected" ? cloud.reason : (browser as PromiseRejectedResult).reason;
}

import { chromium, type Browser } from "playwright-core";

/** The distribution's Chromium (`apt-get install chromium`), as CI installs it. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Launches headless Chromium with nothing running in the background. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium (`apt-get install chromium`), headless, with nothing running in the background. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

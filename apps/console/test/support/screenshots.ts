import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

/** test-results/ at the repository root (git-ignored). */
const RESULTS = fileURLToPath(new URL("../../../../test-results/", import.meta.url));

/** Numbered full-page screenshots of one journey, so a failed step can be looked at afterwards. */
export function screenshotRecorder(journey: string) {
  const folder = join(RESULTS, journey);
  let step = 0;
  const paths: string[] = [];
  return {
    paths,
    async take(page: Page, name: string): Promise<string> {
      // A run starts the folder afresh: a failed run must not leave an earlier run's later steps beside its own.
      if (step === 0) await rm(folder, { recursive: true, force: true });
      step += 1;
      await mkdir(folder, { recursive: true });
      const path = join(folder, `${String(step).padStart(2, "0")}-${name}.png`);
      await page.screenshot({ path, fullPage: true });
      paths.push(path);
      return path;
    },
  };
}

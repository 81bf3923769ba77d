/**
 * The Chromium test's page: fetches the built example components from the test
 * server, opens each case's chain with the browser runtime and reports what came
 * out on `window.freshetResults` (or the error on `window.freshetFailure`).
 */
import * as bindgen from "@freshet/smartmodule/jco-bindgen";
import { openBrowserChain } from "../runtime-browser.js";
import { runBatches, type CaseResult } from "./run-example-case.js";

export interface PageCase {
  readonly title: string;
  /** URL of the component. */
  readonly wasm: string;
  readonly name: string;
  readonly params: readonly (readonly [string, string])[];
  readonly batches: readonly string[];
}

declare global {
  interface Window {
    freshetRun(cases: readonly PageCase[]): Promise<Record<string, CaseResult | { failure: string }>>;
  }
}

window.freshetRun = async (cases) => {
  const results: Record<string, CaseResult | { failure: string }> = {};
  for (const c of cases) {
    try {
      const module = new Uint8Array(await (await fetch(c.wasm)).arrayBuffer());
      const chain = await openBrowserChain(bindgen, [{ name: c.name, module, params: c.params }]);
      results[c.title] = await runBatches(chain, c.batches);
    } catch (cause) {
      results[c.title] = { failure: cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause) };
    }
  }
  return results;
};

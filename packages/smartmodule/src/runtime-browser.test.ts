import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleForBrowser } from "./browser/bundle-for-browser.js";
import { buildSmartModule } from "./build/build-module.js";
import { openNodeChain } from "./runtime-node.js";
import type { PageCase } from "./test-support/browser-page.js";
import { launchChromium } from "./test-support/chromium.js";
import { EXAMPLE_CASES } from "./test-support/example-cases.js";
import { runBatches, type CaseResult } from "./test-support/run-example-case.js";
import { serveFiles, type StaticServer } from "./test-support/static-server.js";
import { EXAMPLES, examplePath, hostilePath, QUICKJS_EXAMPLE } from "./test-support/test-modules.js";

/*
 * The browser runtime in real Chromium: the page transpiles the built example
 * components with jco's bindgen bundled by esbuild, runs every example case in
 * the page's thread, and must produce exactly what the Node runtime produces.
 */

let work: string;
let server: StaticServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "freshet-sm-browser-"));
  const written = await bundleForBrowser(fileURLToPath(new URL("./test-support/browser-page.ts", import.meta.url)), work);
  const files = new Map<string, Uint8Array | string>([["/index.html", '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>']]);
  for (const path of written) files.set(`/${basename(path)}`, await readFile(path));
  for (const name of EXAMPLES) files.set(`/modules/${name}.wasm`, (await buildSmartModule(examplePath(name))).wasm);
  files.set(`/modules/${QUICKJS_EXAMPLE}-quickjs.wasm`, (await buildSmartModule(examplePath(QUICKJS_EXAMPLE), undefined, "quickjs")).wasm);
  for (const name of ["trap", "memory-bomb"] as const) files.set(`/modules/${name}.wasm`, (await buildSmartModule(hostilePath(name))).wasm);
  // The AssemblyScript ports, compiled guests the page loads the same way.
  for (const name of EXAMPLES) files.set(`/modules/as/${name}.wasm`, (await buildSmartModule(examplePath(name, "assemblyscript"))).wasm);
  for (const name of ["trap", "memory-bomb"] as const) files.set(`/modules/as/${name}.wasm`, (await buildSmartModule(hostilePath(name, "assemblyscript"))).wasm);
  server = await serveFiles(files);
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${server.url}/index.html`);
  await page.waitForFunction(() => typeof window.freshetRun === "function");
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

function runInPage(cases: readonly PageCase[]): Promise<Record<string, CaseResult | { failure: string }>> {
  return page.evaluate((c) => window.freshetRun(c), cases);
}

describe("the browser runtime in Chromium", () => {
  it("runs every example case with exactly the Node runtime's output", async () => {
    const inPage = await runInPage(EXAMPLE_CASES.map((c) => ({ title: c.title, wasm: `/modules/${c.example}.wasm`, name: c.example, params: c.params, batches: c.batches })));
    for (const c of EXAMPLE_CASES) {
      const { wasm } = await buildSmartModule(examplePath(c.example));
      const onNode = await runBatches(await openNodeChain([{ name: c.example, module: wasm, params: c.params }]), c.batches);
      expect(inPage[c.title], c.title).toEqual(onNode);
      expect(inPage[c.title], c.title).toEqual({ batches: c.expected.map((b) => ({ lines: b.lines, errors: b.errors })), accumulators: c.accumulators });
    }
  });

  it("runs a module built with QuickJS with exactly the Node runtime's output", async () => {
    const cases = EXAMPLE_CASES.filter((c) => c.example === QUICKJS_EXAMPLE);
    const inPage = await runInPage(cases.map((c) => ({ title: c.title, wasm: `/modules/${c.example}-quickjs.wasm`, name: c.example, params: c.params, batches: c.batches })));
    for (const c of cases) {
      const { wasm } = await buildSmartModule(examplePath(c.example), undefined, "quickjs");
      const onNode = await runBatches(await openNodeChain([{ name: c.example, module: wasm, params: c.params }]), c.batches);
      expect(inPage[c.title], c.title).toEqual(onNode);
    }
  });

  it("runs every example case with the AssemblyScript ports, with the same expected output", async () => {
    const inPage = await runInPage(EXAMPLE_CASES.map((c) => ({ title: c.title, wasm: `/modules/as/${c.example}.wasm`, name: c.example, params: c.params, batches: c.batches })));
    for (const c of EXAMPLE_CASES) expect(inPage[c.title], c.title).toEqual({ batches: c.expected.map((b) => ({ lines: b.lines, errors: b.errors })), accumulators: c.accumulators });
  });

  for (const prefix of ["", "as/"])
    it(`turns a thrown exception and a memory bomb into traps (${prefix === "" ? "JS" : "AssemblyScript"} guest)`, async () => {
      const inPage = await runInPage([
        { title: "trap", wasm: `/modules/${prefix}trap.wasm`, name: "trap", params: [], batches: ['"x"\n'] },
        { title: "memory-bomb", wasm: `/modules/${prefix}memory-bomb.wasm`, name: "memory-bomb", params: [], batches: ['"x"\n'] },
      ]);
      expect(inPage).toEqual({
        trap: {
          failure: "SmartModuleError: SmartModule 'trap' trapped: wasm `unreachable` instruction executed (an uncaught exception or exhausting the 128 MiB memory limit stops a module this way)",
        },
        "memory-bomb": {
          failure:
            "SmartModuleError: SmartModule 'memory-bomb' trapped: wasm `unreachable` instruction executed (an uncaught exception or exhausting the 128 MiB memory limit stops a module this way)",
        },
      });
    });
});

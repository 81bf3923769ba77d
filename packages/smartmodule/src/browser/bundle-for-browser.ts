import { copyFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { build, type Plugin } from "esbuild";

/**
 * The specifier a page imports jco's js-component-bindgen from, to hand it to
 * `openBrowserChain`. jco-transpile does not export its vendored bindgen (and its
 * own entry needs Node), so the bundler resolves this name to the vendored file.
 */
export const BINDGEN_SPECIFIER = "@freshet/smartmodule/jco-bindgen";

function bindgenDir(): string {
  // jco-transpile's exports carry a plain "default" condition, so require.resolve finds its entry.
  const entry = createRequire(import.meta.url).resolve("@bytecodealliance/jco-transpile");
  return resolve(dirname(entry), "../vendor");
}

function bindgenPlugin(dir: string): Plugin {
  return {
    name: "freshet-jco-bindgen",
    setup(b) {
      b.onResolve({ filter: /^@freshet\/smartmodule\/jco-bindgen$/ }, () => ({ path: join(dir, "js-component-bindgen-component.js") }));
    },
  };
}

/**
 * Bundles a page's entry module for browsers, with jco's bindgen when it imports
 * BINDGEN_SPECIFIER. The bindgen fetches its core modules next to the bundle
 * (`new URL("./….wasm", import.meta.url)`), so they are copied into `outdir`.
 * Returns the files written.
 */
export async function bundleForBrowser(entry: string, outdir: string, outName = "page.js"): Promise<string[]> {
  const dir = bindgenDir();
  await build({
    entryPoints: { [outName.replace(/\.js$/, "")]: entry },
    outdir,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["@freshet/source"],
    // The bindgen only imports node:fs behind an "is this Node" check.
    external: ["node:*"],
    logLevel: "silent",
    plugins: [bindgenPlugin(dir)],
  });
  const written = [join(outdir, outName)];
  for (const file of await readdir(dir)) {
    if (!file.startsWith("js-component-bindgen-component") || !file.endsWith(".wasm")) continue;
    await copyFile(join(dir, file), join(outdir, file));
    written.push(join(outdir, file));
  }
  return written;
}

import { createRequire } from "node:module";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { componentize } from "componentize-qjs";
import { renameComponentExports } from "./component-exports.js";

/** componentize-qjs's version, part of the build key: another QuickJS build makes another component. */
const require = createRequire(import.meta.url);
export const QUICKJS_BUILDER_VERSION = (require("componentize-qjs/package.json") as { version: string }).version;
/** Resolved here: bundling for a neutral platform does not read packages' `main`. */
const TEXT_ENCODING_POLYFILL = require.resolve("fast-text-encoding");

/**
 * What the module's export `init` is built as. componentize-qjs's runtime exports an `init`
 * of its own, so the world's is built under this name and renamed in the finished component.
 */
const INIT_BUILT_AS = "initialize";
/** The runtime's own `init`, renamed out of the world's way; nothing calls it. */
const RUNTIME_INIT_RENAMED = "quickjs-init";

/**
 * The entry esbuild bundles for QuickJS: QuickJS has no TextEncoder/TextDecoder, which
 * the guest SDK uses, so a UTF-8 polyfill comes first; the module's `init` is exported
 * under the name the build expects.
 */
export function quickJsEntry(entry: string): string {
  return [`import ${JSON.stringify(TEXT_ENCODING_POLYFILL)};`, `export { describe, init as ${INIT_BUILT_AS}, process } from ${JSON.stringify(entry)};`].join("\n");
}

/**
 * Builds bundled module source (from quickJsEntry) into a component with componentize-qjs:
 * synchronous exports (no JSPI, which Node 20 lacks) and every WASI import stubbed
 * out, so the component imports nothing. `workDir` receives the build's copy of the WIT.
 */
export async function componentizeQuickJs(source: string, wit: string, workDir: string, key: string): Promise<Uint8Array> {
  const renamedWit = wit.replace(/^(\s*export )init(: func)/m, `$1${INIT_BUILT_AS}$2`);
  if (renamedWit === wit) throw new Error("the SmartModule WIT has no `init` export to build under another name");
  const witPath = join(workDir, `${key}.quickjs.wit`);
  await writeFile(witPath, renamedWit);
  const { component } = await componentize({ witPath, jsSource: source, world: "smartmodule", stubWasi: true, sync: true });
  return renameComponentExports(component, { init: RUNTIME_INIT_RENAMED, [INIT_BUILT_AS]: "init" });
}

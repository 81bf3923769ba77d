import { SmartModuleError } from "../errors.js";

/** Interfaces a module may import: only our own world's types. No WASI: no files, network, clock or environment. */
const ALLOWED_IMPORT = /^freshet:smartmodule\/types(@0\.1\.\d+)?$/;
const REQUIRED_EXPORTS = ["describe", "init", "process"];

/** What jco's bindgen makes of a component, in Node (jco-transpile) and in browsers (its bindgen bundled). */
export interface TranspiledComponent {
  readonly files: Readonly<Record<string, Uint8Array>>;
  readonly imports: readonly string[];
  readonly exports: readonly (readonly [string, string])[];
}

/** Name jco gives the glue and core files: module.js, module.core.wasm, ... */
export const TRANSPILED_NAME = "module";

/**
 * Checks a transpiled component against the world (no imports but our types, the
 * three exports) and splits it into the glue's source and the core modules' bytes.
 */
export function checkTranspiled(transpiled: TranspiledComponent): { glue: string; cores: Record<string, Uint8Array> } {
  const forbidden = transpiled.imports.filter((name) => !ALLOWED_IMPORT.test(name));
  if (forbidden.length > 0) {
    throw new SmartModuleError("invalid-module", `the module imports ${forbidden.join(", ")}; SmartModules may not use WASI or other host interfaces (build with 'freshet sm build')`);
  }
  const exported = new Set(transpiled.exports.filter(([, kind]) => kind === "function").map(([name]) => name));
  const missing = REQUIRED_EXPORTS.filter((name) => !exported.has(name));
  if (missing.length > 0) throw new SmartModuleError("invalid-module", `the component does not implement the freshet:smartmodule world (missing ${missing.join(", ")})`);
  const glueBytes = transpiled.files[`${TRANSPILED_NAME}.js`];
  if (glueBytes === undefined) throw new SmartModuleError("invalid-module", "transpiling produced no JavaScript");
  const cores: Record<string, Uint8Array> = {};
  for (const [name, bytes] of Object.entries(transpiled.files)) if (name.endsWith(".wasm")) cores[name] = bytes;
  return { glue: new TextDecoder().decode(glueBytes), cores };
}

import { createHash } from "node:crypto";
import { transpileBytes } from "@bytecodealliance/jco-transpile";
import { SmartModuleError } from "../errors.js";
import type { CompiledSmartModule } from "./compiled-module.js";
import { capMemory } from "./memory-cap.js";

/** Interfaces a module may import: only our own world's types. No WASI: no files, network, clock or environment. */
const ALLOWED_IMPORT = /^freshet:smartmodule\/types(@0\.1\.\d+)?$/;
const REQUIRED_EXPORTS = ["describe", "init", "process"];

export const DEFAULT_MEMORY_LIMIT_BYTES = 128 * 2 ** 20;

export function digestOf(component: Uint8Array): string {
  return createHash("sha256").update(component).digest("hex");
}

const cache = new Map<string, Promise<CompiledSmartModule>>();

async function compile(component: Uint8Array, digest: string, memoryLimitBytes: number): Promise<CompiledSmartModule> {
  let transpiled: Awaited<ReturnType<typeof transpileBytes>>;
  try {
    transpiled = await transpileBytes(component, { name: "module", instantiation: "async", emitTypescriptDeclarations: false, wasiShim: false });
  } catch (cause) {
    throw new SmartModuleError("invalid-module", `not a WebAssembly component: ${(cause as Error).message.split("\n")[0]}`);
  }
  const forbidden = transpiled.imports.filter((name) => !ALLOWED_IMPORT.test(name));
  if (forbidden.length > 0) {
    throw new SmartModuleError("invalid-module", `the module imports ${forbidden.join(", ")}; SmartModules may not use WASI or other host interfaces (build with 'freshet sm build')`);
  }
  const exported = new Set(transpiled.exports.filter(([, kind]) => kind === "function").map(([name]) => name));
  const missing = REQUIRED_EXPORTS.filter((name) => !exported.has(name));
  if (missing.length > 0) throw new SmartModuleError("invalid-module", `the component does not implement the freshet:smartmodule world (missing ${missing.join(", ")})`);
  const glueBytes = transpiled.files["module.js"];
  if (glueBytes === undefined) throw new SmartModuleError("invalid-module", "transpiling produced no JavaScript");
  const cores: Record<string, WebAssembly.Module> = {};
  for (const [name, bytes] of Object.entries(transpiled.files)) {
    if (!name.endsWith(".wasm")) continue;
    cores[name] = await WebAssembly.compile(capMemory(bytes, memoryLimitBytes));
  }
  return { digest, glue: new TextDecoder().decode(glueBytes), cores, memoryLimitBytes };
}

/**
 * Transpiles and compiles a component once per content digest and memory limit;
 * later loads of the same bytes share the result. Rejects components that import
 * anything but our own types.
 */
export function compileSmartModule(component: Uint8Array, memoryLimitBytes = DEFAULT_MEMORY_LIMIT_BYTES): Promise<CompiledSmartModule> {
  const digest = digestOf(component);
  const key = `${digest}/${memoryLimitBytes}`;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    compiled = compile(component, digest, memoryLimitBytes);
    cache.set(key, compiled);
    // A failed compile is not cached: the next load reports the error again.
    compiled.catch(() => cache.delete(key));
  }
  return compiled;
}

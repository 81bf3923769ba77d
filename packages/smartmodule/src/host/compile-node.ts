import { createHash } from "node:crypto";
import { transpileBytes } from "@bytecodealliance/jco-transpile";
import { SmartModuleError } from "../errors.js";
import type { CompiledSmartModule } from "./compiled-module.js";
import { capMemory, DEFAULT_MEMORY_LIMIT_BYTES } from "./memory-cap.js";
import { checkTranspiled, TRANSPILED_NAME } from "./transpiled-component.js";
import type {} from "./webassembly-global.js";

export { DEFAULT_MEMORY_LIMIT_BYTES } from "./memory-cap.js";

export function digestOf(component: Uint8Array): string {
  return createHash("sha256").update(component).digest("hex");
}

const cache = new Map<string, Promise<CompiledSmartModule>>();

async function compile(component: Uint8Array, digest: string, memoryLimitBytes: number): Promise<CompiledSmartModule> {
  let transpiled: Awaited<ReturnType<typeof transpileBytes>>;
  try {
    transpiled = await transpileBytes(component, { name: TRANSPILED_NAME, instantiation: "async", emitTypescriptDeclarations: false, wasiShim: false });
  } catch (cause) {
    throw new SmartModuleError("invalid-module", `not a WebAssembly component: ${(cause as Error).message.split("\n")[0]}`);
  }
  const checked = checkTranspiled(transpiled);
  const cores: Record<string, WebAssembly.Module> = {};
  for (const [name, bytes] of Object.entries(checked.cores)) cores[name] = await WebAssembly.compile(capMemory(bytes, memoryLimitBytes));
  return { digest, glue: checked.glue, cores, memoryLimitBytes };
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

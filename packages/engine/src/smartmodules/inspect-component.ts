import { SmartModuleError } from "@freshet/smartmodule/errors";
import type { SmartModuleManifest } from "@freshet/smartmodule/manifest";

export type InspectResult = { readonly ok: true; readonly manifest: SmartModuleManifest } | { readonly ok: false; readonly message: string };

/**
 * Proves a component usable before it is registered: it must compile (a component
 * of our world importing no WASI) and start in the sandbox, where its `describe`
 * export yields the manifest the registry lists. The instance is closed at once.
 */
export async function inspectComponent(name: string, component: Uint8Array): Promise<InspectResult> {
  // The compiler and the sandbox load on the first registration, as they do for the first chain (runtime-node.ts).
  const [{ compileSmartModule }, { WorkerInstance }] = await Promise.all([import("@freshet/smartmodule/host/compile-node"), import("@freshet/smartmodule/sandbox/worker-instance")]);
  try {
    const compiled = await compileSmartModule(component);
    const instance = await WorkerInstance.start(compiled, name);
    await instance.close();
    return { ok: true, manifest: instance.manifest };
  } catch (cause) {
    if (cause instanceof SmartModuleError) return { ok: false, message: cause.message };
    throw cause;
  }
}

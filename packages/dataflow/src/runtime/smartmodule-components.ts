import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { FreshetClient } from "@freshet/client/client";
import { errorCode, KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import type { DataflowSpec } from "../spec/dataflow-spec.js";

/** Where a document's SmartModule steps come from. */
export interface ComponentSources {
  /** Fetches modules loaded in the cluster by name. */
  readonly client: FreshetClient;
  /** Resolves `.wasm` paths; absent where files are not the caller's to read (a preview on the API server). */
  readonly baseDir?: string;
}

/** A step whose module cannot be had: `path` names the field (operators.<id>.<kind>.smartmodule). */
export class ComponentProblem extends Error {
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A step's `smartmodule:` is a file when it ends in .wasm, else `name` or `name@version` of a module loaded in the cluster. */
export function isModuleFile(module: string): boolean {
  return module.endsWith(".wasm");
}

function moduleReference(module: string): { name: string; version: string | null } {
  const at = module.lastIndexOf("@");
  return at > 0 ? { name: module.slice(0, at), version: module.slice(at + 1) } : { name: module, version: null };
}

async function component(module: string, path: string, sources: ComponentSources): Promise<Uint8Array> {
  if (isModuleFile(module)) {
    if (sources.baseDir === undefined) throw new ComponentProblem(path, `${module} is a file; only SmartModules loaded in the cluster (freshet sm load) can run here`);
    const file = resolve(sources.baseDir, module);
    const bytes = await readFile(file).catch((cause: unknown) => {
      throw new ComponentProblem(path, `cannot read the SmartModule ${file} (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`, { cause });
    });
    return new Uint8Array(bytes);
  }
  const { name, version } = moduleReference(module);
  try {
    // The client checks the bytes against the registry's digest.
    return (await sources.client.admin.fetchSmartModule(name, version)).component;
  } catch (error) {
    if (error instanceof KafkaProtocolError && error.code === errorCode("RESOURCE_NOT_FOUND")) {
      throw new ComponentProblem(path, `the SmartModule ${module} is not loaded in the cluster (load it with freshet sm load)`, { cause: error });
    }
    throw new ComponentProblem(path, `cannot fetch the SmartModule ${module} from the cluster: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The components of the document's SmartModule steps, read once at start so a missing module is a
 * bad document, not a failure later. Rejects with a ComponentProblem naming the first step that fails.
 */
export async function smartModuleComponents(spec: Pick<DataflowSpec, "operators">, sources: ComponentSources): Promise<Map<string, Uint8Array>> {
  const components = new Map<string, Uint8Array>();
  for (const [id, op] of Object.entries(spec.operators)) {
    for (const kind of ["filter", "map", "flatMap"] as const) {
      const step = op[kind];
      if (typeof step !== "object" || !("smartmodule" in step) || typeof step.smartmodule !== "string" || components.has(step.smartmodule)) continue;
      components.set(step.smartmodule, await component(step.smartmodule, `operators.${id}.${kind}.smartmodule`, sources));
    }
  }
  return components;
}

import { pathToFileURL } from "node:url";
import type { HubManifest } from "@freshet/hub/manifest";
import { z } from "zod";
import { UserError } from "../errors/user-error.js";

/** What a package's manifest says about its artifact, read from the artifact itself rather than trusted from hub.yaml. */
export type ArtifactFacts = Pick<HubManifest, "smartmodule" | "connector">;

/**
 * Starts the component in the sandbox, as the cluster does on load, and reads its `describe`
 * export: kind, parameters and the WIT version it was built against. The compiler loads here
 * only: importing it costs every other command a second.
 */
export async function inspectSmartModule(name: string, component: Uint8Array): Promise<ArtifactFacts> {
  const [{ compileSmartModule }, { WorkerInstance }, { SmartModuleError }] = await Promise.all([
    import("@freshet/smartmodule/host/compile-node"),
    import("@freshet/smartmodule/sandbox/worker-instance"),
    import("@freshet/smartmodule/errors"),
  ]);
  try {
    const instance = await WorkerInstance.start(await compileSmartModule(component), name);
    await instance.close();
    const { apiVersion, kind, params } = instance.manifest;
    return { smartmodule: { world: `freshet:smartmodule/smartmodule@${apiVersion}`, moduleKind: kind, parameters: { ...params } } };
  } catch (cause) {
    if (cause instanceof SmartModuleError) throw new UserError(`${name} cannot be published: ${cause.message}`, 1, { cause });
    throw cause;
  }
}

/** Loads a built connector bundle as the runtime would and describes its config as JSON Schema. */
export async function inspectConnector(file: string): Promise<ArtifactFacts> {
  // A query makes a rebuilt file a new module for this process's import cache.
  const loaded = (await import(`${pathToFileURL(file).href}?inspected=${Date.now()}`)) as { default?: { kind?: unknown; config?: unknown } };
  const connector = loaded.default;
  if (connector?.kind !== "source" && connector?.kind !== "sink") throw new UserError(`${file} does not export a connector as default; rebuild it with \`freshet cdk build\``);
  let configSchema: Record<string, unknown> = {};
  try {
    // The bundle carries its own copy of zod; its schemas share zod's structure, which toJSONSchema reads.
    configSchema = z.toJSONSchema(connector.config as z.ZodType, { unrepresentable: "any" }) as Record<string, unknown>;
  } catch {
    // A config zod cannot describe (a transform, a refinement) is published without a schema rather than refused.
  }
  return { connector: { direction: connector.kind, configSchema } };
}

import { errorCode } from "@freshet/protocol/errors/error-codes";
import { deleteSmartModule, fetchSmartModule, listSmartModules, loadSmartModule } from "@freshet/protocol/messages/freshet/smartmodules";
import type { BrokerContext } from "./broker-context.js";
import { handler } from "../server/handler.js";
import { entryToWire, NO_ENTRY } from "../smartmodules/entry-wire.js";
import type { RegistryProblem } from "../smartmodules/registry.js";

const NO_ERROR = { errorCode: 0, errorMessage: null } as const;

function failure(problem: RegistryProblem): { errorCode: number; errorMessage: string } {
  return { errorCode: errorCode(problem.errorName), errorMessage: problem.message };
}

/** LoadSmartModule (1101): checks and registers a component (standalone) or forwards it to the controller (SPU); v1 may carry hub provenance. */
export function loadSmartModuleHandler(ctx: BrokerContext) {
  return handler(loadSmartModule, async (request) => {
    // The component is a view into the request frame; the registry keeps it past this call.
    const result = await ctx.smartModules.load(request.name, request.version, request.component.slice(), request.provenance);
    if (!result.ok) {
      ctx.resources.logger.info({ module: `${request.name}@${request.version}`, error: result.error.message }, "SmartModule load refused");
      return { ...failure(result.error), ...NO_ENTRY };
    }
    ctx.resources.logger.info({ module: `${request.name}@${request.version}`, digest: result.value.digest }, "SmartModule loaded");
    return { ...NO_ERROR, ...entryToWire(result.value) };
  });
}

/** ListSmartModules (1102). */
export function listSmartModulesHandler(ctx: BrokerContext) {
  return handler(listSmartModules, async () => {
    const listed = await ctx.smartModules.list();
    return listed.ok ? { ...NO_ERROR, entries: listed.value.map(entryToWire) } : { ...failure(listed.error), entries: [] };
  });
}

/** DeleteSmartModule (1103): one version, or every version when none is given. */
export function deleteSmartModuleHandler(ctx: BrokerContext) {
  return handler(deleteSmartModule, async (request) => {
    const problem = await ctx.smartModules.delete(request.name, request.version);
    return problem === null ? NO_ERROR : failure(problem);
  });
}

/** FetchSmartModule (1105): a module's component for a client that runs it itself (a dataflow's SmartModule step). */
export function fetchSmartModuleHandler(ctx: BrokerContext) {
  return handler(fetchSmartModule, async (request) => {
    const resolved = await ctx.smartModules.resolve(request.name, request.version);
    if (!resolved.ok) return { ...failure(resolved.error), ...NO_ENTRY, component: new Uint8Array(0) };
    return { ...NO_ERROR, ...entryToWire(resolved.value.entry), component: resolved.value.component };
  });
}

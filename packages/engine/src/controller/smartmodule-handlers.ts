import { errorCode } from "@freshet/protocol/errors/error-codes";
import { controllerDeleteSmartModule, controllerListSmartModules, controllerLoadSmartModule, fetchSmartModule } from "@freshet/protocol/messages/freshet/controller-api";
import { handler, type ApiHandler } from "../server/handler.js";
import { entryToWire, NO_ENTRY } from "../smartmodules/entry-wire.js";
import type { FileRegistry } from "../smartmodules/file-registry.js";
import type { RegistryProblem } from "../smartmodules/registry.js";

const NO_ERROR = { errorCode: 0, errorMessage: null } as const;

function failure(problem: RegistryProblem): { errorCode: number; errorMessage: string } {
  return { errorCode: errorCode(problem.errorName), errorMessage: problem.message };
}

/**
 * The controller's SmartModule APIs (controller-api.ts, 1009-1012) over the
 * cluster's one registry: SPUs forward their clients' load, list and delete here,
 * and fetch components by digest.
 */
export function smartModuleControllerHandlers(registry: FileRegistry): ApiHandler[] {
  return [
    handler(controllerLoadSmartModule, async (request) => {
      // The component is a view into the request frame; the registry keeps it past this call.
      const result = await registry.load(request.name, request.version, request.component.slice(), request.provenance);
      return result.ok ? { ...NO_ERROR, ...entryToWire(result.value) } : { ...failure(result.error), ...NO_ENTRY };
    }),
    handler(controllerListSmartModules, async () => {
      const listed = await registry.list();
      return listed.ok ? { ...NO_ERROR, entries: listed.value.map(entryToWire) } : { ...failure(listed.error), entries: [] };
    }),
    handler(controllerDeleteSmartModule, async (request) => {
      const problem = await registry.delete(request.name, request.version);
      return problem === null ? NO_ERROR : failure(problem);
    }),
    handler(fetchSmartModule, async (request) => {
      const component = await registry.component(request.digest);
      if (component === null) return { ...failure({ errorName: "RESOURCE_NOT_FOUND", message: `no SmartModule has digest ${request.digest}` }), component: new Uint8Array(0) };
      return { ...NO_ERROR, component };
    }),
  ];
}

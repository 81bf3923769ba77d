import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import { createContext, type Services } from "../context.js";
import { smartModuleComponentRouter } from "../router/smartmodules.js";
import { createCallerFactory } from "../trpc.js";
import { sendJson } from "./node-fetch.js";
import { sendError } from "./smartmodule-upload.js";

export const SMARTMODULE_COMPONENT_PATH = "/api/smartmodules/component";

const createCaller = createCallerFactory(smartModuleComponentRouter);

/**
 * GET /api/smartmodules/component?clusterId=…&name=…[&version=…]: a loaded module's component as
 * bytes (~12 MiB, past what a JSON answer should carry), for the console to run in the browser.
 * The caller's own context decides access, as for any query.
 */
export async function serveSmartModuleComponent(services: Services, req: IncomingMessage, res: ServerResponse, address: string): Promise<void> {
  if (req.method !== "GET") return sendJson(res, 405, { error: { message: "Fetch a SmartModule's component with GET.", data: { code: "METHOD_NOT_SUPPORTED", httpStatus: 405 } } }, { allow: "GET" });
  const query = new URL(req.url ?? "/", "http://api").searchParams;
  const version = query.get("version");
  const caller = createCaller(await createContext(services, req, address));
  try {
    const fetched = await caller.component({ clusterId: query.get("clusterId") ?? "", name: query.get("name") ?? "", ...(version !== null && { version }) });
    res.writeHead(200, {
      "content-type": "application/wasm",
      "content-length": fetched.component.byteLength,
      // A module's bytes are the tenant's own: never kept by shared caches.
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      "x-smartmodule-version": fetched.version,
      "x-smartmodule-digest": fetched.digest,
    });
    res.end(fetched.component);
  } catch (error) {
    if (error instanceof TRPCError) return sendError(res, error);
    throw error;
  }
}

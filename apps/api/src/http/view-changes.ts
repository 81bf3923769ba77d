import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { z } from "zod";
import { viewQueryString } from "@freshet/control-plane/dataflows/dataflow-process";
import { createContext, type Services } from "../context.js";
import { orgProcedure, router, createCallerFactory } from "../trpc.js";
import { viewEndpoint } from "../router/views.js";
import { id } from "../router/schemas.js";
import { sendJson } from "./node-fetch.js";

export const VIEW_CHANGES_PATH = "/api/views/changes";

/** Who may follow a view: an org member (viewers too) of the view's cluster, resolved as any tRPC query is. */
const viewStreamRouter = router({
  open: orgProcedure.input(z.object({ clusterId: id, view: z.string().min(1).max(63), dataflow: z.string().min(1).max(63).optional() })).query(async ({ ctx, input }) => {
    const found = await viewEndpoint(ctx.prisma, ctx.org.id, input);
    return { endpoint: found.endpoint, view: found.view.name };
  }),
});
const createCaller = createCallerFactory(viewStreamRouter);

function sendError(res: ServerResponse, error: TRPCError): void {
  const httpStatus = getHTTPStatusCodeFromError(error);
  sendJson(res, httpStatus, { error: { message: error.code === "INTERNAL_SERVER_ERROR" ? "Internal error." : error.message, data: { code: error.code, httpStatus } } });
}

/**
 * GET /api/views/changes?clusterId=…&view=…[&key=…][&dataflow=…]: the view's changes as
 * server-sent events (`event: row`, one per update, starting with the current rows), passed
 * through from its dataflow's process. A read: a page of another site cannot read an event
 * stream without CORS, which this never grants, so no origin check is needed.
 */
export async function serveViewChanges(services: Services, req: IncomingMessage, res: ServerResponse, address: string, streams: Set<ServerResponse>): Promise<void> {
  if (req.method !== "GET") return sendJson(res, 405, { error: { message: "Follow a view with GET.", data: { code: "METHOD_NOT_SUPPORTED", httpStatus: 405 } } }, { allow: "GET" });
  const query = new URL(req.url ?? "/", "http://api").searchParams;
  const caller = createCaller(await createContext(services, req, address));
  let target: { endpoint: string; view: string };
  try {
    target = await caller.open({ clusterId: query.get("clusterId") ?? "", view: query.get("view") ?? "", dataflow: query.get("dataflow") ?? undefined });
  } catch (error) {
    if (error instanceof TRPCError) return sendError(res, error);
    throw error;
  }
  const key = query.get("key") ?? undefined;
  const upstream = httpRequest(`http://${target.endpoint}/views/${encodeURIComponent(target.view)}/changes${viewQueryString({ key })}`, { headers: { accept: "text/event-stream" } });
  // Either side ending ends the other: a closed tab stops the process's stream, a stopped process ends the browser's.
  res.once("close", () => upstream.destroy());
  upstream.once("error", () => {
    if (res.headersSent) res.destroy();
    else sendJson(res, 503, { error: { message: "The dataflow did not answer; try again in a moment.", data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503 } } });
  });
  upstream.once("response", (answer) => {
    if (answer.statusCode !== 200) {
      answer.resume();
      return sendJson(res, answer.statusCode === 404 ? 404 : 503, {
        error: {
          message: answer.statusCode === 404 ? `No view named ${target.view} is running yet.` : "The dataflow did not answer; try again in a moment.",
          data: { code: "NOT_FOUND", httpStatus: 404 },
        },
      });
    }
    streams.add(res);
    res.once("close", () => streams.delete(res));
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" });
    res.flushHeaders();
    answer.pipe(res);
  });
  upstream.end();
}

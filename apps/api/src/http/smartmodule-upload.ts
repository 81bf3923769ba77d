import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";
import { SMARTMODULE_MAX_BYTES } from "@freshet/control-plane/topic-limits";
import { createContext, type Services } from "../context.js";
import { smartModuleUploadRouter } from "../router/smartmodules.js";
import { sentenceOf } from "@freshet/control-plane/validation/zod-sentence";
import { createCallerFactory } from "../trpc.js";
import { sendJson } from "./node-fetch.js";
import { crossSiteRefusal, sendRefusal } from "./trpc-request-guard.js";

export const SMARTMODULE_UPLOAD_PATH = "/api/smartmodules/load";

const TOO_LARGE = `A SmartModule is at most ${SMARTMODULE_MAX_BYTES / 1024 / 1024} MiB.`;
const createCaller = createCallerFactory(smartModuleUploadRouter);

class TooLarge extends Error {}

async function readLimited(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > SMARTMODULE_MAX_BYTES) throw new TooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The answer for a failed call, shaped as tRPC's error envelope so the console reads it like any other call's. */
export function sendError(res: ServerResponse, error: TRPCError): void {
  const message = error.cause instanceof ZodError ? sentenceOf(error.cause) : error.code === "INTERNAL_SERVER_ERROR" ? "Internal error." : error.message;
  const httpStatus = getHTTPStatusCodeFromError(error);
  sendJson(res, httpStatus, { error: { message, data: { code: error.code, httpStatus } } });
}

/**
 * POST /api/smartmodules/load?clusterId=…&name=…&version=… with the .wasm as the raw body: a
 * component is ~12 MiB, past what a JSON call carries, so it comes as bytes and is handed to the
 * smartModuleUploadRouter's procedure with the caller's own context (same roles, same audit).
 */
export async function serveSmartModuleUpload(services: Services, req: IncomingMessage, res: ServerResponse, address: string, allowedOrigins: ReadonlySet<string>): Promise<void> {
  if (req.method !== "POST") return sendJson(res, 405, { error: { message: "Upload a SmartModule with POST.", data: { code: "METHOD_NOT_SUPPORTED", httpStatus: 405 } } }, { allow: "POST" });
  const refusal = crossSiteRefusal(req, allowedOrigins);
  if (refusal !== null) return sendRefusal(res, refusal);
  if (Number(req.headers["content-length"] ?? 0) > SMARTMODULE_MAX_BYTES) {
    res.setHeader("connection", "close");
    return sendJson(res, 413, { error: { message: TOO_LARGE, data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } } });
  }
  let component: Buffer;
  try {
    component = await readLimited(req);
  } catch (error) {
    if (!(error instanceof TooLarge)) throw error;
    res.setHeader("connection", "close");
    return sendJson(res, 413, { error: { message: TOO_LARGE, data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } } });
  }
  const query = new URL(req.url ?? "/", "http://api").searchParams;
  const caller = createCaller(await createContext(services, req, address));
  try {
    const loaded = await caller.load({ clusterId: query.get("clusterId") ?? "", name: query.get("name") ?? "", version: query.get("version") ?? "", component: new Uint8Array(component) });
    sendJson(res, 200, { result: { data: loaded } });
  } catch (error) {
    if (error instanceof TRPCError) return sendError(res, error);
    throw error;
  }
}

import type { IncomingMessage, ServerResponse } from "node:http";
import busboy from "busboy";
import { SMARTMODULE_MAX_BYTES } from "@freshet/control-plane/topic-limits";
import { createContext, type Services } from "../context.js";
import { AppError, toTRPCError } from "../errors.js";
import { publishPackage, publisherOf, type PublishParts } from "../hub/publish.js";
import { sendJson } from "./node-fetch.js";
import { sendError } from "./smartmodule-upload.js";

export const HUB_PUBLISH_PATH = "/api/hub/packages";

/** The manifest, README and signature are text; a README of 512 KiB is already a book. */
const MAX_TEXT_PART_BYTES = 512 * 1024;
const TEXT_PARTS = ["manifest", "readme", "signature"] as const;
type TextPart = (typeof TEXT_PARTS)[number];

const MAX_MIB = SMARTMODULE_MAX_BYTES / 1024 / 1024;

/** Reads the four parts; refuses a body that is not multipart, has unknown or missing parts, or is too large. */
function readParts(req: IncomingMessage): Promise<PublishParts> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: SMARTMODULE_MAX_BYTES, fieldSize: MAX_TEXT_PART_BYTES, files: 1, fields: 3 } });
    } catch {
      return reject(new AppError("invalid-request", "Publish a package as multipart/form-data with the parts manifest, readme, signature and artifact."));
    }
    const text: Partial<Record<TextPart, string>> = {};
    const chunks: Buffer[] = [];
    let artifactSeen = false;
    let failure: AppError | null = null;
    const fail = (error: AppError) => {
      failure ??= error;
    };
    parser.on("field", (name, value, info) => {
      if (!(TEXT_PARTS as readonly string[]).includes(name)) return fail(new AppError("invalid-request", `Unknown part "${name}"; the parts are manifest, readme, signature and artifact.`));
      if (info.valueTruncated) return fail(new AppError("invalid-request", `The ${name} part is larger than ${MAX_TEXT_PART_BYTES / 1024} KiB.`));
      text[name as TextPart] = value;
    });
    parser.on("file", (name, stream) => {
      if (name !== "artifact") {
        stream.resume();
        return fail(new AppError("invalid-request", `Unknown file part "${name}"; the artifact goes in the part "artifact".`));
      }
      artifactSeen = true;
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("limit", () => fail(new AppError("invalid-request", `An artifact is at most ${MAX_MIB} MiB.`)));
    });
    for (const limit of ["filesLimit", "fieldsLimit"] as const) {
      parser.on(limit, () => fail(new AppError("invalid-request", "A publish has exactly the parts manifest, readme, signature and artifact.")));
    }
    parser.on("error", () => reject(new AppError("invalid-request", "The multipart body is malformed.")));
    parser.on("close", () => {
      if (failure !== null) return reject(failure);
      const absent = [...TEXT_PARTS.filter((part) => text[part] === undefined), ...(artifactSeen ? [] : ["artifact"])];
      if (absent.length > 0) return reject(new AppError("invalid-request", `The publish is missing the part${absent.length > 1 ? "s" : ""} ${absent.join(", ")}.`));
      resolve({ manifest: text.manifest!, readme: text.readme!, signature: text.signature!, artifact: new Uint8Array(Buffer.concat(chunks)) });
    });
    req.pipe(parser);
  });
}

/**
 * POST /api/hub/packages (multipart/form-data: manifest, readme, signature, artifact) with
 * `Authorization: Bearer fsk_…` of a key holding the hub:publish scope → 201 { group, name, version, digest }.
 * Refusals use tRPC's error envelope, as the other REST routes do.
 */
export async function serveHubPublish(services: Services, req: IncomingMessage, res: ServerResponse, address: string): Promise<void> {
  if (req.method !== "POST") return sendJson(res, 405, { error: { message: "Publish a package with POST.", data: { code: "METHOD_NOT_SUPPORTED", httpStatus: 405 } } }, { allow: "POST" });
  if (Number(req.headers["content-length"] ?? 0) > SMARTMODULE_MAX_BYTES + 2 * 1024 * 1024) {
    res.setHeader("connection", "close");
    return sendJson(res, 413, { error: { message: `An artifact is at most ${MAX_MIB} MiB.`, data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } } });
  }
  try {
    // The caller first: a request without a usable key is refused before its body is read.
    const ctx = await createContext(services, req, address);
    publisherOf(ctx);
    const published = await publishPackage(ctx, await readParts(req));
    sendJson(res, 201, published);
  } catch (error) {
    if (error instanceof AppError) {
      // The body may be unread: never take it in on a kept-alive connection.
      res.setHeader("connection", "close");
      return sendError(res, toTRPCError(error));
    }
    throw error;
  }
}

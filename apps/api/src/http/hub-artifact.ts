import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createContext, type Services } from "../context.js";
import { AppError, toTRPCError } from "../errors.js";
import { countDownload, refOf, refuseTakenDown, visiblePackage } from "../hub/hub-packages.js";
import { viewerOrgOf } from "../hub/viewer-org.js";
import { sendJson } from "./node-fetch.js";
import { sendError } from "./smartmodule-upload.js";

const ARTIFACT_PATH = /^\/api\/hub\/packages\/([^/]+)\/([^/]+)\/([^/]+)\/artifact$/;

/** Whether `path` is a version's artifact (GET /api/hub/packages/<group>/<name>/<version>/artifact). */
export const isHubArtifactPath = (path: string): boolean => ARTIFACT_PATH.test(path);

const CONTENT_TYPES: Record<string, string> = { smartmodule: "application/wasm", connector: "text/javascript" };

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new AppError("not-found", "No such package on the Hub.");
  }
}

/**
 * The bytes of one version, after checking them against the digest they were signed with (a
 * mismatch is never served). Private packages answer only to their org (others get 404, as for a
 * package that does not exist). Each download counts toward the package's day.
 */
export async function serveHubArtifact(services: Services, req: IncomingMessage, res: ServerResponse, address: string): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD")
    return sendJson(res, 405, { error: { message: "Download an artifact with GET.", data: { code: "METHOD_NOT_SUPPORTED", httpStatus: 405 } } }, { allow: "GET" });
  const [, group = "", name = "", version = ""] = ARTIFACT_PATH.exec((req.url ?? "/").split("?")[0]!)!.map(decoded);
  try {
    const ctx = await createContext(services, req, address);
    if (ctx.authError !== null) throw ctx.authError;
    const pkg = await visiblePackage(services.prisma, group, name, await viewerOrgOf(ctx));
    refuseTakenDown(pkg);
    const row = pkg.versions.find((v) => v.version === version);
    if (row === undefined) throw new AppError("not-found", `${refOf(group, name)} has no version ${version}.`);
    const bytes = await services.hubBlobs.get(row.digest);
    const ref = refOf(group, name, version);
    if (bytes === null) throw new AppError("artifact-corrupt", `The stored artifact of ${ref} is missing; it was not served.`);
    if (createHash("sha256").update(bytes).digest("hex") !== row.digest) {
      services.logger.error({ package: ref, digest: row.digest }, "hub artifact does not match its digest");
      throw new AppError("artifact-corrupt", `The stored artifact of ${ref} does not match its signed digest; it was not served.`);
    }
    if (req.method === "GET") await countDownload(services.prisma, pkg.id, new Date());
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[pkg.kind] ?? "application/octet-stream",
      "content-length": String(bytes.byteLength),
      "x-freshet-digest": row.digest,
      "content-disposition": `attachment; filename="${name}-${version}${pkg.kind === "smartmodule" ? ".wasm" : ".js"}"`,
      // A private package's bytes must not sit in a shared cache.
      "cache-control": pkg.visibility === "public" ? "public, max-age=3600" : "private, no-store",
    });
    res.end(req.method === "GET" ? bytes : undefined);
  } catch (error) {
    if (error instanceof AppError) return sendError(res, toTRPCError(error));
    throw error;
  }
}

import { createHash } from "node:crypto";
import type { Prisma } from "@freshet/db/client";
import { parseManifest, type HubManifest } from "@freshet/hub/manifest";
import { verifyPackage } from "@freshet/hub/signing";
import { isUniqueViolation, storeHubVersion } from "@freshet/control-plane/hub/store-version";
import { recordAudit } from "../audit.js";
import type { Context } from "../context.js";
import { AppError } from "../errors.js";
import { refOf } from "./hub-packages.js";

/** The scope an API key needs to publish (ApiKey.scopes). */
export const HUB_PUBLISH_SCOPE = "hub:publish";

/** The parts of a publish request, as received. */
export interface PublishParts {
  readonly manifest: string;
  readonly readme: string;
  readonly signature: string;
  readonly artifact: Uint8Array;
}

export interface Published {
  readonly group: string;
  readonly name: string;
  readonly version: string;
  readonly digest: string;
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Publishing needs an org's API key with the hub:publish scope, never a session. */
export function publisherOf(ctx: Pick<Context, "actor" | "authError">): Extract<NonNullable<Context["actor"]>, { kind: "apiKey" }> {
  if (ctx.authError !== null) throw ctx.authError;
  const actor = ctx.actor;
  if (actor?.kind !== "apiKey") throw new AppError("unauthenticated", "Publishing to the Hub needs an API key with the hub:publish scope; run `freshet hub login` to create one.");
  if (!actor.scopes.includes(HUB_PUBLISH_SCOPE)) throw new AppError("role-required", "This API key cannot publish to the Hub; create a key with the hub:publish scope.");
  if (actor.role === "viewer") throw new AppError("read-only-role", "Viewers can look but not change anything.");
  return actor;
}

function parseJson(text: string, part: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid-request", `The ${part} part is not valid JSON.`);
  }
}

function checkArtifact(manifest: HubManifest, artifact: Uint8Array): void {
  if (artifact.byteLength === 0) throw new AppError("invalid-request", "The artifact is empty.");
  if (manifest.kind === "smartmodule" && !WASM_MAGIC.every((byte, i) => artifact[i] === byte)) {
    throw new AppError("invalid-request", "A SmartModule's artifact must be its WebAssembly component (.wasm).");
  }
}

/**
 * Checks and stores one version: the manifest is valid, the key's org owns the group, the
 * signature verifies against the org's keys that are not revoked, and the version is new. The blob
 * is stored before the row; the unique (package, version) decides between concurrent publishes.
 */
export async function publishPackage(ctx: Pick<Context, "prisma" | "hubBlobs" | "actor" | "authError" | "ip">, parts: PublishParts): Promise<Published> {
  const publisher = publisherOf(ctx);
  const parsed = parseManifest(parseJson(parts.manifest, "manifest"));
  if (!parsed.ok) throw new AppError("invalid-request", parsed.message);
  const manifest = parsed.value;
  const ref = refOf(manifest.group, manifest.name, manifest.version);
  checkArtifact(manifest, parts.artifact);

  const group = await ctx.prisma.hubGroup.findUnique({ where: { name: manifest.group } });
  if (group === null) throw new AppError("role-required", `No organization has claimed the group ${manifest.group}; claim it first (hub.groups.claim).`);
  if (group.orgId !== publisher.orgId) throw new AppError("role-required", `The group ${manifest.group} belongs to another organization.`);

  const existing = await ctx.prisma.hubPackage.findUnique({ where: { groupId_name: { groupId: group.id, name: manifest.name } }, include: { versions: { where: { version: manifest.version } } } });
  const taken = new AppError("already-exists", `${ref} already exists; versions are immutable, publish a new version.`);
  if (existing !== null && existing.versions.length > 0) throw taken;
  if (existing !== null && existing.kind !== manifest.kind)
    throw new AppError("already-exists", `${refOf(manifest.group, manifest.name)} is a ${existing.kind} package; publish a ${manifest.kind} under another name.`);

  const keys = await ctx.prisma.hubKey.findMany({ where: { orgId: publisher.orgId, revokedAt: null } });
  const bundle = parseJson(parts.signature, "signature");
  const verified = verifyPackage({ bundle, manifest, artifact: parts.artifact, trustedKeys: keys.map((k) => ({ keyId: k.id, publicKeyPem: k.publicKeyPem })) });
  if (!verified.ok) throw new AppError("invalid-request", verified.message);

  const digest = createHash("sha256").update(parts.artifact).digest("hex");
  // multipart/form-data turns a text field's line breaks into CRLF; the README is kept as written.
  const version = {
    groupId: group.id,
    manifest,
    readme: parts.readme.replace(/\r\n/g, "\n"),
    artifact: parts.artifact,
    digest,
    bundle: bundle as Prisma.InputJsonObject,
    keyId: verified.keyId,
    publishedById: publisher.user.id,
  };
  try {
    await storeHubVersion(ctx.prisma, ctx.hubBlobs, version, (tx, versionId) =>
      recordAudit(
        { ...ctx, prisma: tx },
        {
          orgId: publisher.orgId,
          action: "hub.publish",
          targetType: "hub_version",
          targetId: versionId,
          metadata: { package: refOf(manifest.group, manifest.name), version: manifest.version, digest, keyId: verified.keyId },
        },
      ),
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw taken;
    throw error;
  }
  return { group: manifest.group, name: manifest.name, version: manifest.version, digest };
}

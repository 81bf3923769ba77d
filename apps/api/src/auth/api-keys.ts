import { createHash, randomBytes } from "node:crypto";
import type { ApiKey, PrismaClient, User } from "@freshet/db/client";
import { lesserRole, type MemberRole } from "@freshet/db/roles";

export const API_KEY_PREFIX = "fsk_";
// "fsk_" and four more characters: enough to tell keys apart in a list, far too few to guess one.
const DISPLAY_LENGTH = 8;

export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** A new secret (shown once), its SHA-256 (stored) and its display start. */
export function generateApiKey(): { secret: string; hash: string; start: string } {
  const secret = `${API_KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
  return { secret, hash: hashApiKey(secret), start: secret.slice(0, DISPLAY_LENGTH) };
}

/**
 * Where a key stands. Keys act for the person who created them, so a key that is neither revoked
 * nor expired is `creator-removed` once that person is no longer a member of its org (or their
 * account is gone): it works again only if they rejoin (members.remove also revokes their keys).
 */
export type ApiKeyState = "active" | "revoked" | "expired" | "creator-removed";

/** What the key may do now: its own role, never more than its creator's current role. */
export type ApiKeyStanding = { readonly state: "active"; readonly role: MemberRole } | { readonly state: Exclude<ApiKeyState, "active">; readonly role: null };

/** `creatorRole` is the creator's current role in the key's org, null when they are not a member. */
export function standingOf(key: { role: MemberRole; revokedAt: Date | null; expiresAt: Date | null }, creatorRole: MemberRole | null, now: Date): ApiKeyStanding {
  if (key.revokedAt !== null) return { state: "revoked", role: null };
  if (key.expiresAt !== null && key.expiresAt <= now) return { state: "expired", role: null };
  if (creatorRole === null) return { state: "creator-removed", role: null };
  return { state: "active", role: lesserRole(key.role, creatorRole) };
}

export type ApiKeyLookup =
  { readonly usable: true; readonly key: ApiKey; readonly creator: User; readonly role: MemberRole } | { readonly usable: false; readonly state: Exclude<ApiKeyState, "active"> | "unknown" };

/**
 * The key a Bearer secret names and what it may do right now. Checked on every request, so a
 * creator's demotion or removal takes effect on the key's next call.
 */
export async function findUsableApiKey(prisma: PrismaClient, secret: string, now: Date = new Date()): Promise<ApiKeyLookup> {
  if (!secret.startsWith(API_KEY_PREFIX)) return { usable: false, state: "unknown" };
  const key = await prisma.apiKey.findUnique({ where: { hash: hashApiKey(secret) }, include: { createdBy: true } });
  if (key === null) return { usable: false, state: "unknown" };
  const creator = key.createdBy;
  const membership = creator === null ? null : await prisma.member.findFirst({ where: { organizationId: key.orgId, userId: creator.id }, select: { role: true } });
  const standing = standingOf(key, membership?.role ?? null, now);
  if (standing.state !== "active") return { usable: false, state: standing.state };
  if (creator === null) return { usable: false, state: "creator-removed" };
  await prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  return { usable: true, key, creator, role: standing.role };
}

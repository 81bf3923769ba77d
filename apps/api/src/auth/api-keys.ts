import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@freshet/db/client";

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

/** The key a Bearer secret names, when it exists, is not revoked, has not expired and still has its creator. */
export async function findUsableApiKey(prisma: PrismaClient, secret: string, now: Date = new Date()) {
  if (!secret.startsWith(API_KEY_PREFIX)) return null;
  const key = await prisma.apiKey.findUnique({ where: { hash: hashApiKey(secret) }, include: { createdBy: true } });
  if (key === null || key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt <= now) || key.createdBy === null) return null;
  await prisma.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  return { ...key, createdBy: key.createdBy };
}

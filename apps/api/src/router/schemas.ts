import { z } from "zod";
import { ASSIGNABLE_ROLES, MEMBER_ROLES } from "@freshet/db/roles";

/** Ids arrive from callers: bounded strings; whether a row exists (in this org) is checked by query. */
export const id = z.string().min(1).max(64);
export const memberRole = z.enum(MEMBER_ROLES);
export const assignableRole = z.enum(ASSIGNABLE_ROLES);
/** Timestamps cross the wire as ISO 8601 strings (the API uses no transformer). */
export const isoDate = z.iso.datetime();
export const iso = (date: Date): string => date.toISOString();
export const isoOrNull = (date: Date | null): string | null => (date === null ? null : date.toISOString());
/** A promotion code as people type it: letters, digits, "-" and "_", folded to upper case. */
export const promotionCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$/, "A promotion code is 3 to 32 letters, digits, dashes or underscores.")
  .transform((code) => code.toUpperCase());

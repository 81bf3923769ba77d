import { z } from "zod";
import { UserError, EXIT_USAGE } from "../errors/user-error.js";
import { parseDuration } from "./duration.js";
import { parseSize } from "./size.js";

/** A commander string option validated as a duration in milliseconds. */
export const durationMs = z.string().transform((text, ctx) => {
  const parsed = parseDuration(text);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: "custom", message: parsed.error });
  return z.NEVER;
});

/** A retention time: a duration, or "forever" (Kafka's -1: no time limit). */
export const retentionMs = z.string().transform((text, ctx) => {
  if (text.trim().toLowerCase() === "forever") return -1;
  const parsed = parseDuration(text);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: "custom", message: `${parsed.error}, or "forever"` });
  return z.NEVER;
});

/** A commander string option validated as a size in bytes. */
export const sizeBytes = z.string().transform((text, ctx) => {
  const parsed = parseSize(text);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: "custom", message: parsed.error });
  return z.NEVER;
});

/** A non-negative integer given as text ("3"), refusing "3x" and "1.5". */
export const count = z.string().regex(/^\d+$/, "must be a whole number").transform(Number).pipe(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER));

function flagName(key: PropertyKey | undefined): string {
  if (key === undefined) return "options";
  return `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Validates commander's raw options; the first problem becomes a usage error naming the flag. */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const flag = issue.path.length > 0 ? flagName(issue.path[0]) : null;
  throw new UserError(flag ? `invalid ${flag}: ${issue.message}` : issue.message, EXIT_USAGE);
}

import type { z } from "zod";

/**
 * Reads a program's settings from `source` (an environment) with `schema`; an empty variable
 * counts as unset, so `FOO= cmd` takes FOO's default. Throws one Error naming every bad variable.
 */
export function parseEnvironment<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== "")));
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  throw new Error(`invalid environment: ${issues}`);
}

import { z } from "zod";
import { parseModuleReference } from "./module-reference.js";

/**
 * A chain as topic configs and requests carry it: `freshet.smartmodules` is the
 * JSON text of `[{"module": "name[@version]", "params": {"k": "v"}}, ...]`,
 * applied in order. Params are strings, as users type them.
 */
export const chainStepSchema = z
  .object({
    module: z.string().superRefine((text, ctx) => {
      const parsed = parseModuleReference(text);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
    }),
    params: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const chainSpecSchema = z.array(chainStepSchema).max(16, "a chain has at most 16 SmartModules");

export type ChainStepSpec = z.output<typeof chainStepSchema>;
export type ChainSpec = z.output<typeof chainSpecSchema>;

export function parseChainSpec(text: string): { ok: true; value: ChainSpec } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text === "" ? "[]" : text);
  } catch (cause) {
    return { ok: false, message: `not JSON: ${(cause as Error).message}` };
  }
  const parsed = chainSpecSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  return { ok: false, message: `${issue.message}${where}` };
}

export function formatChainSpec(chain: ChainSpec): string {
  return JSON.stringify(chain);
}

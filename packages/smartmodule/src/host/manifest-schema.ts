import { z } from "zod";
import type { SmartModuleManifest } from "../manifest.js";
import { PARAM_TYPES, parseParams } from "../params/param-spec.js";
import { SMART_MODULE_KINDS } from "../record.js";

const paramSpecSchema = z.strictObject({
  type: z.enum(PARAM_TYPES),
  description: z.string().max(1000).optional(),
  default: z.string().max(10_000).optional(),
});

const manifestSchema = z.strictObject({
  apiVersion: z.string().regex(/^0\.1\.\d+$/, "this runtime speaks freshet:smartmodule 0.1"),
  kind: z.enum(SMART_MODULE_KINDS),
  name: z.string().max(200).optional(),
  description: z.string().max(5000).optional(),
  params: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), paramSpecSchema),
});

/** Checks what a module's `describe` export returned: it is untrusted input. */
export function parseManifest(text: string): { ok: true; value: SmartModuleManifest } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: "the module's describe() did not return JSON" };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `the module's manifest is invalid at '${issue.path.join(".")}': ${issue.message}` };
  }
  // A default its own type rejects would fail every chain that leaves the parameter out.
  for (const [name, spec] of Object.entries(parsed.data.params)) {
    if (spec.default === undefined) continue;
    const checked = parseParams({ [name]: spec }, []);
    if (!checked.ok) return { ok: false, message: `the module's manifest is invalid at 'params.${name}.default': ${checked.message}` };
  }
  return { ok: true, value: parsed.data };
}

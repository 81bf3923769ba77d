import { PARAM_TYPES } from "@freshet/smartmodule/params/param-spec";
import { SMART_MODULE_KINDS } from "@freshet/smartmodule/record";
import { z } from "zod";
import { moduleProvenanceSchema } from "./hub-provenance.js";
import type { SmartModuleEntry } from "./registry.js";

/** A registry entry as stored in an index file or carried as JSON between controller and SPUs. */
export const entrySchema: z.ZodType<SmartModuleEntry> = z.object({
  name: z.string(),
  version: z.string(),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  kind: z.enum(SMART_MODULE_KINDS),
  description: z.string().nullable(),
  params: z.record(z.string(), z.object({ type: z.enum(PARAM_TYPES), description: z.string().optional(), default: z.string().optional() })),
  sizeBytes: z.number().int().min(0),
  loadedAt: z.number().int(),
  // Index files written before the hub have no provenance.
  provenance: moduleProvenanceSchema.nullable().default(null),
}) as z.ZodType<SmartModuleEntry>;

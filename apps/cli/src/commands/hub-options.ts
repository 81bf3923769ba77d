import { z } from "zod";
import { count } from "../options/zod-options.js";

export const hubLoginSchema = z.object({
  apiUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL like http://127.0.0.1:3000" }).optional(),
  apiKey: z.string().startsWith("fsk_", 'must be a Freshet API key (they start with "fsk_")').optional(),
  name: z.string().trim().min(1).max(80).optional(),
});

export const hubKeygenSchema = z.object({ name: z.string().trim().min(1).max(80).optional() });

export const hubSearchSchema = z.object({
  kind: z.enum(["smartmodule", "connector"], { error: "must be smartmodule or connector" }).optional(),
  limit: count.pipe(z.number().min(1, "must be at least 1").max(100, "must be at most 100")).optional(),
});

export const hubDownloadSchema = z.object({ output: z.string().min(1).optional() });

export const hubYankSchema = z.object({ reason: z.string().trim().min(1).max(300).optional(), undo: z.boolean().optional() });

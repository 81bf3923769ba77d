import { z } from "zod";
import { count, durationMs } from "../options/zod-options.js";

export const cloudLoginSchema = z.object({
  apiUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL like http://127.0.0.1:3000" }).optional(),
  apiKey: z.string().min(1).optional(),
  device: z.boolean().optional(),
  org: z.string().min(1).optional(),
});

const wait = { wait: z.boolean().optional(), timeout: durationMs.default(5 * 60_000) };

export const cloudClusterCreateSchema = z.object({
  plan: z.enum(["free", "pro"], { error: "must be free or pro" }).default("free"),
  spus: count.pipe(z.number().min(1, "a cluster needs at least 1 SPU")).default(1),
  ...wait,
});

export const cloudClusterDeleteSchema = z.object(wait);

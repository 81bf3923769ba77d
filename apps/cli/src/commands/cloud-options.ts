import { z } from "zod";
import { CLUSTER_MAX_SPUS, CLUSTER_MIN_SPUS } from "@freshet/control-plane/limits/cluster";
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
  spus: count.pipe(z.number().min(CLUSTER_MIN_SPUS, `a cluster needs at least ${CLUSTER_MIN_SPUS} SPU`).max(CLUSTER_MAX_SPUS, `a cluster has at most ${CLUSTER_MAX_SPUS} SPUs`)).default(1),
  ...wait,
});

export const cloudClusterDeleteSchema = z.object({ yes: z.boolean().optional(), ...wait });

import { z } from "zod";

/**
 * config.json's "hub" section (the file is written 0600): the control plane publishing goes to,
 * the org's `hub:publish` API key (`freshet hub login`), and the signing key made by
 * `freshet hub keygen` — its private half lives in its own 0600 file, named here.
 */
export const hubSettingsSchema = z.object({
  apiUrl: z.url(),
  publishKey: z.string().startsWith("fsk_").optional(),
  signingKey: z.object({ keyId: z.string().regex(/^[0-9a-f]{32}$/), privateKeyPath: z.string().min(1) }).optional(),
});

export type HubSettings = z.infer<typeof hubSettingsSchema>;

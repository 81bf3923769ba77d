import { z } from "zod";

/**
 * Where `freshet cloud` commands find the control plane and how they log in (config.json's
 * "cloud" section, written 0600): an org's API key, or a session token of the person's own
 * from `freshet cloud login --device`.
 */
export const cloudSettingsSchema = z.union([z.object({ apiUrl: z.url(), apiKey: z.string().startsWith("fsk_") }), z.object({ apiUrl: z.url(), sessionToken: z.string().min(16) })]);

export type CloudSettings = z.infer<typeof cloudSettingsSchema>;

/** What the API is sent as `Authorization: Bearer …`; it tells the two apart by the key's prefix. */
export function bearerOf(settings: CloudSettings): string {
  return "apiKey" in settings ? settings.apiKey : settings.sessionToken;
}

/** The console serves the API under /api on this origin when run with `npm start`. */
export const DEFAULT_API_URL = "http://127.0.0.1:3000";

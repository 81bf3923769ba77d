import { z } from "zod";

/** Where `freshet cloud` commands find the control plane and how they log in (config.json's "cloud" section, written 0600). */
export const cloudSettingsSchema = z.object({
  apiUrl: z.url(),
  apiKey: z.string().startsWith("fsk_"),
});

export type CloudSettings = z.infer<typeof cloudSettingsSchema>;

/** The console serves the API under /api on this origin when run with `npm start`. */
export const DEFAULT_API_URL = "http://127.0.0.1:3000";

import { z } from "zod";

const schema = z.object({
  // Base URL of the Freshet API server (apps/api) the console proxies /api/* to. Default: the API's local port.
  API_URL: z.url().default("http://127.0.0.1:4000"),
});

/** Read per request rather than at import: one build serves any API address given to `next start`. */
export function serverEnv(): z.infer<typeof schema> {
  return schema.parse({ API_URL: process.env.API_URL || undefined });
}

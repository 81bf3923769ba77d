import { z } from "zod";

const schema = z.object({
  // Base URL of the Freshet API server (apps/api) the console proxies /api/* to. Default: the API's local port.
  API_URL: z.url().default("http://127.0.0.1:4000"),
  // Shared with the API (its PROXY_SECRET): proves to it that the X-Forwarded-For this server sets is
  // ours, not a client's. Unset: the API counts every request as coming from this server's address.
  API_PROXY_SECRET: z.string().min(32).optional(),
  // "terminal" under `npm start`: mail is caught on loopback and printed where it runs, and the
  // sign-up and sign-in pages say so. Unset: mail is really sent.
  FRESHET_LOCAL_MAIL: z.enum(["terminal"]).optional(),
});

/** Read per request rather than at import: one build serves any API address given to `next start`. */
export function serverEnv(): z.infer<typeof schema> {
  return schema.parse({
    API_URL: process.env.API_URL || undefined,
    API_PROXY_SECRET: process.env.API_PROXY_SECRET || undefined,
    FRESHET_LOCAL_MAIL: process.env.FRESHET_LOCAL_MAIL || undefined,
  });
}

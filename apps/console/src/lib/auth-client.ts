import { createAuthClient } from "better-auth/react";

/**
 * better-auth in the browser. Its base URL defaults to this page's origin + /api/auth,
 * which the console proxies to the API, so the session cookie is first-party.
 */
export const authClient = createAuthClient();

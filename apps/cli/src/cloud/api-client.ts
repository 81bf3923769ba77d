import { createTRPCClient, httpBatchLink, TRPCClientError, type TRPCClient } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
// Type only: the CLI's bundle never loads the API's code, only its router's shape.
import type { AppRouter } from "@freshet/api/router";
import { UserError } from "../errors/user-error.js";
import { bearerOf, type CloudSettings } from "./cloud-settings.js";

// Named rather than inferred: the inferred type would name modules the API does not export.
export type CloudApi = TRPCClient<AppRouter>;
export type ClusterView = inferRouterOutputs<AppRouter>["clusters"]["get"];
export type ClusterStatus = ClusterView["status"];
export type ConnectorView = inferRouterOutputs<AppRouter>["connectors"]["get"];
export type DataflowStatusView = inferRouterOutputs<AppRouter>["dataflows"]["status"];
export type ViewRows = inferRouterOutputs<AppRouter>["views"]["query"];

/** A tRPC client for the control plane at `<apiUrl>/api/trpc`, logged in with the saved key or session. */
export function createCloudApi(settings: CloudSettings): CloudApi {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${settings.apiUrl.replace(/\/+$/, "")}/api/trpc`, headers: { authorization: `Bearer ${bearerOf(settings)}` } })],
  });
}

/**
 * Runs one API call; a refusal becomes a one-line UserError: the API's own message for what it
 * decided (plan limits, names taken), a login hint for a refused login, the address when unreachable.
 */
export async function callApi<T>(settings: CloudSettings, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    throw new UserError(describeApiError(error as TRPCClientError<AppRouter>, settings), 1, { cause: error });
  }
}

function describeApiError(error: TRPCClientError<AppRouter>, settings: CloudSettings): string {
  const { apiUrl } = settings;
  const code = (error.data as { code?: string } | undefined)?.code;
  if (code === "UNAUTHORIZED") {
    const refused = "apiKey" in settings ? `the API key was refused by ${apiUrl} (revoked or unknown)` : `the login at ${apiUrl} has expired or was signed out`;
    return `${refused} — log in again with \`freshet cloud login\``;
  }
  if (code !== undefined) return error.message;
  // No tRPC answer at all: the request did not reach the API (or something else answered).
  return `cannot reach the Freshet API at ${apiUrl} (${rootCause(error).message})`;
}

/** fetch's "fetch failed" wraps the reason worth printing (ECONNREFUSED, ENOTFOUND…). */
export function rootCause(error: Error): Error {
  let current = error;
  while (current.cause instanceof Error) current = current.cause;
  return current;
}

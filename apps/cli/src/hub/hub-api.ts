import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
// Type only: the CLI's bundle never loads the API's code, only its router's shape.
import type { AppRouter } from "@freshet/api/router";
import { rootCause, type CloudApi } from "../cloud/api-client.js";
import { bearerOf, DEFAULT_API_URL } from "../cloud/cloud-settings.js";
import { UserError } from "../errors/user-error.js";
import { readConfig } from "../profile/config-file.js";

export type ResolvedPackage = inferRouterOutputs<AppRouter>["hub"]["resolve"];
export type PackageView = inferRouterOutputs<AppRouter>["hub"]["package"];
export type SearchResult = inferRouterOutputs<AppRouter>["hub"]["search"][number];

/**
 * Where Hub calls go and as whom: the Hub login's address (`hub login`), else the cloud login's,
 * else the local cloud. Reads and the org's own changes carry the cloud login (a person's session
 * or an org key); with none, the publishing key; with neither, the public Hub only.
 */
export interface HubTarget {
  readonly apiUrl: string;
  readonly bearer: string | null;
  /** The `hub:publish` key, when `hub login` saved one. */
  readonly publishKey: string | null;
}

export async function hubTarget(home: string): Promise<HubTarget> {
  const config = await readConfig(home);
  const apiUrl = (config.hub?.apiUrl ?? config.cloud?.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, "");
  const publishKey = config.hub?.publishKey ?? null;
  const cloud = config.cloud !== undefined && config.cloud.apiUrl.replace(/\/+$/, "") === apiUrl ? bearerOf(config.cloud) : null;
  return { apiUrl, bearer: cloud ?? publishKey, publishKey };
}

export function createHubApi(target: HubTarget): CloudApi {
  const headers = target.bearer === null ? {} : { authorization: `Bearer ${target.bearer}` };
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${target.apiUrl}/api/trpc`, headers })] });
}

/** Runs one Hub call; the API's refusal is printed as it phrased it, an unreachable API by its address. */
export async function callHub<T>(target: HubTarget, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const code = (error.data as { code?: string } | undefined)?.code;
    if (code === "UNAUTHORIZED") {
      const hint = target.bearer === null ? "log in with `freshet cloud login` first" : "log in again with `freshet cloud login`";
      throw new UserError(`${error.message.replace(/\.$/, "")} — ${hint}`, 1, { cause: error });
    }
    if (code !== undefined) throw new UserError(error.message, 1, { cause: error });
    throw new UserError(`cannot reach the Freshet API at ${target.apiUrl} (${rootCause(error).message})`, 1, { cause: error });
  }
}

/** A Hub call that changes the org's Hub (keys, yanks, installs): it needs a login. */
export function requireLogin(target: HubTarget): void {
  if (target.bearer === null) throw new UserError("not logged in to Freshet cloud — run `freshet cloud login` first");
}

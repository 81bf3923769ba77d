import { createClient, type FreshetClient } from "@freshet/client/client";
import { parseBootstrap } from "@freshet/client/cluster/bootstrap";
import type { BrokerAddress } from "@freshet/client/transport/transport";
import type { CliEnv } from "./env.js";
import { EXIT_USAGE, UserError } from "./errors/user-error.js";
import { currentProfile, readConfig } from "./profile/config-file.js";
import { resolveSasl, type ClientFlags } from "./profile/sasl-flags.js";

/** Where command output goes; `write` waits when the reader is slower than we are. */
export interface OutputStream {
  write(text: string): Promise<void>;
}

export interface CliContext {
  readonly env: CliEnv;
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Whether stderr is a terminal (progress lines are only drawn there). */
  readonly interactive: boolean;
  readonly now: () => number;
}

/** The CLI gives up quickly on an unreachable broker instead of retrying for long. */
const CLI_RETRY = { retries: 3, initialDelayMs: 100, maxDelayMs: 1_000, factor: 2 };

export async function resolveBootstrap(context: CliContext, override: string | undefined): Promise<string> {
  if (override !== undefined) return override;
  const profile = currentProfile(await readConfig(context.env.home));
  if (profile !== null) return profile.bootstrap;
  throw new UserError("no cluster configured — start one with `freshet cluster start --local` or pass --bootstrap host:port");
}

/**
 * The streaming controller of the chosen cluster: --sc, else the current profile's
 * (saved by `cluster start --local --spus N`).
 */
export async function resolveController(context: CliContext, override: string | undefined): Promise<BrokerAddress> {
  const text = override ?? currentProfile(await readConfig(context.env.home))?.controller;
  if (text === undefined) {
    throw new UserError("no streaming controller configured — start a cluster with `freshet cluster start --local --spus 3` or pass --sc host:port");
  }
  const parsed = parseBootstrap(text);
  if (!parsed.ok || parsed.value.length !== 1) throw new UserError(`invalid controller address "${text}": expected host:port`, EXIT_USAGE);
  return parsed.value[0]!;
}

/**
 * Runs `action` with a client for the chosen cluster and always closes it:
 * `target` is a bootstrap override or the global flags (bootstrap and SASL login).
 */
export async function withClient<T>(context: CliContext, target: string | ClientFlags | undefined, action: (client: FreshetClient) => Promise<T>): Promise<T> {
  const flags: ClientFlags = typeof target === "string" ? { bootstrap: target } : (target ?? {});
  const bootstrap = await resolveBootstrap(context, flags.bootstrap);
  const sasl = resolveSasl(flags, currentProfile(await readConfig(context.env.home)), context.env.saslPassword);
  let client: FreshetClient;
  try {
    client = createClient({ bootstrap, clientId: "freshet-cli", retry: CLI_RETRY, connectTimeoutMs: 3_000, sasl });
  } catch (cause) {
    throw new UserError((cause as Error).message, 2, { cause });
  }
  try {
    return await action(client);
  } finally {
    await client.close();
  }
}

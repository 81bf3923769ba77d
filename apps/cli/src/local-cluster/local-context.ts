import { join, resolve } from "node:path";
import { describeControllerCluster } from "@freshet/client/admin/cluster-description";
import { readControllerSecret } from "@freshet/client/admin/controller-secret";
import { nodeTcpConnector } from "@freshet/client/transport/node-tcp";
import type { CliContext } from "../context.js";
import { UserError } from "../errors/user-error.js";
import { currentProfile, readConfig, withProfile, writeConfig, type Profile } from "../profile/config-file.js";
import type { LocalClusterDeps } from "./local-cluster-deps.js";
import { nodeProcessHost, type ProcessHost } from "./process-host.js";

export const LOCAL_PROFILE = "local";
/** How long starting processes, and then their joining the controller, may each take. */
export const READY_TIMEOUT_MS = 30_000;
/** How long a worker may take to stop on SIGTERM before it is killed. */
export const STOP_GRACE_MS = 30_000;

/** --data-dir, else the current profile's, else $FRESHET_HOME/local. */
export async function localDataDir(context: CliContext, flag: string | undefined): Promise<string> {
  if (flag !== undefined) return resolve(flag);
  const profile = currentProfile(await readConfig(context.env.home));
  return profile?.dataDir ?? join(context.env.home, LOCAL_PROFILE);
}

export function machineOf(context: CliContext): ProcessHost {
  return nodeProcessHost(context.env.workerPath, context.now);
}

/** The real machine and controller, progress on stderr. */
export function localClusterDeps(context: CliContext): LocalClusterDeps {
  return {
    machine: machineOf(context),
    describeCluster: async ({ host, port, secretFile }) => {
      const secret = await readControllerSecret(secretFile);
      if (!secret.ok) throw new UserError(secret.error);
      const address = { host, port };
      return describeControllerCluster({ address, secret: secret.value, connector: nodeTcpConnector, clientId: "freshet-cli", connectTimeoutMs: 3_000, timeoutMs: 10_000 });
    },
    progress: (line) => context.stderr.write(line),
    readyTimeoutMs: READY_TIMEOUT_MS,
  };
}

/** Saves `profile` as the "local" profile and makes it current. */
export async function saveLocalProfile(context: CliContext, profile: Profile): Promise<void> {
  await writeConfig(context.env.home, withProfile(await readConfig(context.env.home), LOCAL_PROFILE, profile));
}

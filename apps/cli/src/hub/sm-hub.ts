import { TRPCClientError } from "@trpc/client";
import semver from "semver";
import type { CliContext } from "../context.js";
import { withClient } from "../context.js";
import { callApi, createCloudApi } from "../cloud/api-client.js";
import type { CloudSettings } from "../cloud/cloud-settings.js";
import { EXIT_USAGE, UserError } from "../errors/user-error.js";
import { formatBytes } from "../output/byte-size.js";
import { currentProfile, readConfig } from "../profile/config-file.js";
import type { ClientFlags } from "../profile/sasl-flags.js";
import { installedPackages, isNewer } from "./cluster-modules.js";
import { fetchVerifiedPackage, provenanceOf, type PackageQuery } from "./fetch-package.js";
import { callHub, createHubApi, hubTarget, type HubTarget } from "./hub-api.js";
import { shortKey } from "./hub-text.js";

/**
 * The cloud cluster the command means, when the current profile is one (`freshet cloud cluster use`)
 * and no --bootstrap points elsewhere: the API then loads the module, as the console does.
 */
async function cloudCluster(home: string, flags: ClientFlags): Promise<{ settings: CloudSettings; clusterId: string; name: string } | null> {
  if (flags.bootstrap !== undefined) return null;
  const config = await readConfig(home);
  const profile = currentProfile(config);
  if (profile?.cloudClusterId === undefined || config.cloud === undefined) return null;
  return { settings: config.cloud, clusterId: profile.cloudClusterId, name: profile.name };
}

const change = (pkg: string, from: string, to: string) => `${pkg} ${from} → ${to}\n`;

/** How a load chose its version, for its report line. */
const chosenBy = (range: string) => (semver.valid(range) === null ? `range ${range}` : "pinned");

/** `sm load group/name@range`: the newest matching version from the Hub, checked, then loaded with where it came from. */
export async function loadFromHub(context: CliContext, flags: ClientFlags, query: PackageQuery): Promise<void> {
  const cloud = await cloudCluster(context.env.home, flags);
  if (cloud !== null) {
    const api = createCloudApi(cloud.settings);
    const loaded = await callApi(cloud.settings, () => api.hub.install.mutate({ clusterId: cloud.clusterId, ...query }));
    return void (await context.stdout.write(`loaded ${loaded.name}@${loaded.version} from the Hub (${chosenBy(query.range)}) into cluster "${cloud.name}"\n`));
  }
  const pkg = await fetchVerifiedPackage(await hubTarget(context.env.home), query);
  if (pkg.manifest.kind !== "smartmodule") throw new UserError(`${pkg.ref} is a connector, not a SmartModule; run it with \`freshet connector create\``, EXIT_USAGE);
  const name = `${query.group}/${query.name}`;
  const loaded = await withClient(context, flags, (client) => client.admin.loadSmartModule(name, pkg.resolved.version, pkg.artifact, { provenance: provenanceOf(pkg, query) }));
  await context.stdout.write(
    `loaded ${loaded.name}@${loaded.version} from the Hub (${chosenBy(query.range)}; ${loaded.kind}, ${formatBytes(loaded.sizeBytes)}, signature by key ${shortKey(pkg.resolved.keyId)} verified)\n`,
  );
}

/** A range nothing matches any more (every match yanked, the package taken down) is the Hub's sentence, not a failure of the whole update. */
async function resolveOrExplain<T>(target: HubTarget, call: () => Promise<T>): Promise<T | string> {
  try {
    return await callHub(target, call);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof TRPCClientError && (cause.data as { code?: string } | undefined)?.code === "NOT_FOUND") return cause.message;
    throw error;
  }
}

/** `sm update`: every Hub module of the cluster to the newest non-yanked version its range allows. */
export async function updateFromHub(context: CliContext, flags: ClientFlags): Promise<void> {
  const cloud = await cloudCluster(context.env.home, flags);
  if (cloud !== null) {
    const api = createCloudApi(cloud.settings);
    const { updated, failed } = await callApi(cloud.settings, () => api.hub.update.mutate({ clusterId: cloud.clusterId }));
    if (updated.length === 0 && failed.length === 0) return void (await context.stdout.write("every SmartModule from the Hub is up to date\n"));
    await context.stdout.write(updated.map((u) => change(u.package, u.from, u.to)).join(""));
    if (failed.length > 0) throw new UserError(failed.map((f) => `${f.package} could not move to ${f.to}: ${f.message.replace(/\.$/, "")}`).join("; "));
    return;
  }
  const target = await hubTarget(context.env.home);
  const hub = createHubApi(target);
  await withClient(context, flags, async (client) => {
    const installed = installedPackages(await client.admin.listSmartModules());
    if (installed.length === 0) return void (await context.stdout.write("no SmartModules from the Hub are loaded (load one with `freshet sm load group/name@range`)\n"));
    let reported = 0;
    for (const current of installed) {
      const query = { group: current.group, name: current.name, range: current.range };
      const newest = await resolveOrExplain(target, () => hub.hub.resolve.query(query));
      if (typeof newest === "string") {
        await context.stdout.write(`${current.group}/${current.name} stays at ${current.version}: ${newest}\n`);
        reported += 1;
        continue;
      }
      if (!isNewer(newest.version, current.version)) continue;
      const pkg = await fetchVerifiedPackage(target, query);
      await client.admin.loadSmartModule(`${current.group}/${current.name}`, pkg.resolved.version, pkg.artifact, { provenance: provenanceOf(pkg, query) });
      await context.stdout.write(change(`${current.group}/${current.name}`, current.version, pkg.resolved.version));
      reported += 1;
    }
    if (reported === 0) await context.stdout.write("every SmartModule from the Hub is up to date\n");
  });
}

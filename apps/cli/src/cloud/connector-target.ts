import { callApi, type CloudApi, type ClusterView, type ConnectorView } from "./api-client.js";
import type { CloudSettings } from "./cloud-settings.js";
import { UserError } from "../errors/user-error.js";
import { currentProfile, readConfig } from "../profile/config-file.js";

/**
 * The cluster a connector command means: `--cluster` (an id or a name), else the current profile's
 * cluster (`freshet cloud cluster use` names the profile after it), else the organization's only one.
 */
export async function targetCluster(home: string, settings: CloudSettings, api: CloudApi, flag: string | undefined): Promise<ClusterView> {
  const clusters = await callApi(settings, () => api.clusters.list.query());
  if (flag !== undefined) {
    const named = clusters.find((c) => c.id === flag || c.name === flag);
    if (named === undefined) throw new UserError(`no cluster "${flag}" in this organization — see \`freshet cloud cluster list\``);
    return named;
  }
  const profile = currentProfile(await readConfig(home));
  const ofProfile = profile === null ? undefined : clusters.find((c) => c.name === profile.name);
  if (ofProfile !== undefined) return ofProfile;
  if (clusters.length === 1) return clusters[0]!;
  throw new UserError(
    clusters.length === 0
      ? "this organization has no cluster yet — create one with `freshet cloud cluster create`"
      : "which cluster? pass --cluster NAME (or make one current with `freshet cloud cluster use`)",
  );
}

export async function connectorNamed(settings: CloudSettings, api: CloudApi, cluster: ClusterView, name: string): Promise<ConnectorView> {
  const connector = (await callApi(settings, () => api.connectors.list.query({ clusterId: cluster.id }))).find((c) => c.name === name);
  if (connector === undefined) throw new UserError(`no connector named "${name}" on cluster "${cluster.name}" — see \`freshet connector list\``);
  return connector;
}

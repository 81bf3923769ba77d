import { hostname } from "node:os";
import type { Command } from "commander";
import { callApi, createCloudApi, type CloudApi, type ClusterView } from "../cloud/api-client.js";
import { CLUSTER_MAX_SPUS, CLUSTER_NAME_MAX_LENGTH } from "@freshet/control-plane/limits/cluster";
import { awaitLoginAccepted } from "../cloud/await-login.js";
import { requireCloudSettings, saveCurrentProfile } from "../cloud/cloud-config.js";
import type { CloudSettings } from "../cloud/cloud-settings.js";
import { confirmByName } from "../cloud/confirm-by-name.js";
import { credentialName } from "../cloud/credential-name.js";
import { waitForStatus } from "../cloud/wait-for-status.js";
import type { CliContext } from "../context.js";
import { UserError } from "../errors/user-error.js";
import { parseOptions } from "../options/zod-options.js";
import { formatTable } from "../output/table.js";
import { cloudClusterCreateSchema, cloudClusterDeleteSchema } from "./cloud-options.js";

/** How often --wait asks for the cluster's status. */
const POLL_MS = 500;
/** How long `use` waits for the brokers to pick up the new login. */
const LOGIN_SYNC_MS = 30_000;

const bootstrapOf = (cluster: ClusterView): string | null => (cluster.bootstrapHost === null || cluster.bootstrapPort === null ? null : `${cluster.bootstrapHost}:${cluster.bootstrapPort}`);

function statusLine(cluster: ClusterView): string {
  const where = cluster.status === "Running" && bootstrapOf(cluster) !== null ? ` at ${bootstrapOf(cluster)}` : "";
  const why = cluster.statusMessage === null ? "" : ` (${cluster.statusMessage})`;
  return `cluster "${cluster.name}": ${cluster.status}${where}${why}\n`;
}

/** A session with the control plane: the saved login and a client for it. */
export async function session(context: CliContext): Promise<{ settings: CloudSettings; api: CloudApi }> {
  const settings = await requireCloudSettings(context.env.home);
  return { settings, api: createCloudApi(settings) };
}

async function clusterNamed(settings: CloudSettings, api: CloudApi, name: string): Promise<ClusterView> {
  const cluster = (await callApi(settings, () => api.clusters.list.query())).find((c) => c.name === name);
  if (cluster === undefined) throw new UserError(`no cluster named "${name}" — see \`freshet cloud cluster list\``);
  return cluster;
}

export function registerCloudClusterCommands(cloud: Command, context: CliContext): void {
  const cluster = cloud.command("cluster").description("create, list, delete and connect to cloud clusters");
  const printChange = (view: ClusterView) => context.stdout.write(statusLine(view));

  cluster
    .command("create")
    .description("create a cluster in the logged-in organization")
    .argument("<name>", `cluster name (1-${CLUSTER_NAME_MAX_LENGTH} lowercase letters, digits and dashes)`)
    .option("--plan <plan>", "free or pro (default free)")
    .option("--spus <n>", `number of SPUs, 1-${CLUSTER_MAX_SPUS} (default 1; the plan may allow fewer)`)
    .option("--wait", "wait until the cluster is Running, printing each status it moves through")
    .option("--timeout <duration>", "how long --wait waits (default 5m)")
    .action(async (name: string, raw: Record<string, unknown>) => {
      const options = parseOptions(cloudClusterCreateSchema, raw);
      const { settings, api } = await session(context);
      const created = await callApi(settings, () => api.clusters.create.mutate({ name, region: "local", plan: options.plan, spus: options.spus }));
      await context.stdout.write(`cluster "${name}" created (${created.plan} plan, ${created.spus} SPU${created.spus === 1 ? "" : "s"}): ${created.status}\n`);
      if (!options.wait) return;
      await waitForStatus(api, settings, created, { until: "Running", timeoutMs: options.timeout, intervalMs: POLL_MS, onChange: printChange });
      await context.stdout.write(`connect with \`freshet cloud cluster use ${name}\`\n`);
    });

  cluster
    .command("list")
    .description("list the organization's clusters")
    .action(async () => {
      const { settings, api } = await session(context);
      const clusters = await callApi(settings, () => api.clusters.list.query());
      const rows = clusters.map((c) => [c.name, c.status, c.plan, String(c.spus), bootstrapOf(c) ?? "-", c.createdAt]);
      await context.stdout.write(`${formatTable(["NAME", "STATUS", "PLAN", "SPUS", "BOOTSTRAP", "CREATED"], rows)}\n`);
    });

  cluster
    .command("delete")
    .description("delete a cluster and its data (organization admins); asks for the name to be typed")
    .argument("<name>", "cluster name")
    .option("-y, --yes", "delete without asking (needed when stdin is not a terminal)")
    .option("--wait", "wait until the cluster is Deleted")
    .option("--timeout <duration>", "how long --wait waits (default 5m)")
    .action(async (name: string, raw: Record<string, unknown>) => {
      const options = parseOptions(cloudClusterDeleteSchema, raw);
      const { settings, api } = await session(context);
      const target = await clusterNamed(settings, api, name);
      await confirmByName(context, { whatIsLost: `Deleting cluster "${name}" removes its topics, records and credentials for good.`, name, yes: options.yes === true });
      const deleting = await callApi(settings, () => api.clusters.delete.mutate({ clusterId: target.id }));
      await context.stdout.write(statusLine(deleting));
      if (options.wait) await waitForStatus(api, settings, deleting, { until: "Deleted", timeoutMs: options.timeout, intervalMs: POLL_MS, onChange: printChange });
    });

  cluster
    .command("use")
    .description("create a login for this machine on a Running cluster and make it the current profile")
    .argument("<name>", "cluster name")
    .action(async (name: string) => {
      const { settings, api } = await session(context);
      const target = await clusterNamed(settings, api, name);
      if (target.status !== "Running") throw new UserError(`cluster "${name}" is ${target.status}; it can be used once it is Running`);
      const login = await callApi(settings, () => api.credentials.create.mutate({ clusterId: target.id, name: credentialName(hostname(), new Date(context.now())) }));
      const bootstrap = login.bootstrap ?? bootstrapOf(target);
      if (bootstrap === null) throw new UserError(`cluster "${name}" has no address yet; try again in a moment`);
      const sasl = { mechanism: "scram-sha-256" as const, username: login.username, password: login.password };
      // Saved first: even if the check below gives up, the login is usable once the cluster picks it up.
      await saveCurrentProfile(context.env.home, name, { bootstrap, sasl, cloudClusterId: target.id });
      await awaitLoginAccepted(bootstrap, sasl, LOGIN_SYNC_MS);
      await context.stdout.write(`profile "${name}" is current: ${bootstrap}, SASL SCRAM-SHA-256 as "${login.username}"\n`);
    });
}

import { join, resolve } from "node:path";
import type { Command } from "commander";
import { type CliContext, withClient } from "../context.js";
import { EXIT_USAGE, UserError } from "../errors/user-error.js";
import { readManifest } from "../local-cluster/cluster-manifest.js";
import { inspectSpuCluster } from "../local-cluster/inspect-cluster.js";
import { LOCAL_PROFILE, READY_TIMEOUT_MS, STOP_GRACE_MS, localClusterDeps, localDataDir, machineOf, saveLocalProfile } from "../local-cluster/local-context.js";
import { DEFAULT_SPU_PORT } from "../local-cluster/port-plan.js";
import { clusterAddresses, startSpuCluster, stopSpuCluster } from "../local-cluster/spu-cluster.js";
import { startLocalCluster } from "../local-cluster/start-local.js";
import { stopLocalCluster } from "../local-cluster/stop-local.js";
import { formatDuration } from "../options/duration.js";
import { parseOptions } from "../options/zod-options.js";
import { clusterPorts, clusterStartSchema, dataDirSchema, type ClusterStartOptions } from "./cluster-options.js";
import { clusterStatusText, stoppedText } from "./cluster-text.js";

type Globals = () => { bootstrap?: string };

function address(runtime: { host: string; port: number }): string {
  return `${runtime.host}:${runtime.port}`;
}

async function startStandalone(context: CliContext, options: ClusterStartOptions, dataDir: string): Promise<void> {
  const outcome = await startLocalCluster(context, machineOf(context), {
    dataDir,
    host: options.host,
    port: options.port ?? DEFAULT_SPU_PORT,
    readyTimeoutMs: READY_TIMEOUT_MS,
  });
  const bootstrap = address(outcome.runtime);
  await saveLocalProfile(context, { bootstrap, dataDir });
  const headline = outcome.kind === "started" ? `Freshet cluster started (pid ${outcome.runtime.pid})` : `Freshet cluster is already running (pid ${outcome.runtime.pid})`;
  await context.stdout.write(`${headline}\nbootstrap: ${bootstrap}\ndata dir:  ${dataDir}\nprofile:   ${LOCAL_PROFILE} (current)\n`);
}

async function startCluster(context: CliContext, options: ClusterStartOptions, dataDir: string): Promise<void> {
  const cluster = await startSpuCluster(localClusterDeps(context), {
    dataDir,
    host: options.host,
    spus: options.spus ?? null,
    ...clusterPorts(options),
  });
  const { bootstrap, controller } = clusterAddresses(cluster.manifest);
  await saveLocalProfile(context, { bootstrap, controller, dataDir });
  const shape = `SC and ${cluster.spus.length} SPU${cluster.spus.length === 1 ? "" : "s"}`;
  const headline = cluster.kind === "started" ? `Freshet cluster started (${shape})` : `Freshet cluster is already running (${shape})`;
  await context.stdout.write(`${headline}\nsc:        ${address(cluster.sc)} (pid ${cluster.sc.pid})\nbootstrap: ${bootstrap}\ndata dir:  ${dataDir}\nprofile:   ${LOCAL_PROFILE} (current)\n`);
}

async function standaloneStatus(context: CliContext, globals: Globals, dataDir: string): Promise<void> {
  const runtime = await machineOf(context).running(dataDir);
  if (runtime === null) throw new UserError(`Freshet cluster is not running (data dir ${dataDir})`);
  const bootstrap = globals().bootstrap ?? address(runtime);
  const topics = await withClient(context, bootstrap, async (client) => (await client.admin.listTopics()).length).then(
    (n) => String(n),
    (error: unknown) => `unknown (${(error as Error).message})`,
  );
  const uptime = formatDuration(context.now() - Date.parse(runtime.startedAt));
  await context.stdout.write(`Freshet cluster is running\npid:       ${runtime.pid}\nbootstrap: ${address(runtime)}\ndata dir:  ${dataDir}\nuptime:    ${uptime}\ntopics:    ${topics}\n`);
}

export function registerClusterCommands(program: Command, context: CliContext, globals: Globals): void {
  const cluster = program.command("cluster").description("run and inspect a local Freshet cluster");

  cluster
    .command("start")
    .description("start a local cluster in the background: one broker, or with --spus a controller (SC) and N SPUs")
    .option("--local", "run on this machine (the only mode so far)")
    .option("--spus <n>", "run a replicated cluster: an SC and <n> SPUs, each its own process")
    .option("--data-dir <dir>", "where the cluster keeps its data (default $FRESHET_HOME/local)")
    .option("--port <port>", "Kafka listener port; with --spus the first SPU's, the next ones follow (default 9092; 0 = free ports)")
    .option("--sc-port <port>", "with --spus: the controller's port (default 9003, or a free one when taken)")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(clusterStartSchema, raw);
      if (options.local !== true) throw new UserError("only local clusters can be started so far: add --local", EXIT_USAGE);
      const dataDir = options.dataDir === undefined ? join(context.env.home, LOCAL_PROFILE) : resolve(options.dataDir);
      // A data directory that holds a multi-SPU cluster restarts as one, --spus or not.
      if (options.spus !== undefined || (await readManifest(dataDir)) !== null) await startCluster(context, options, dataDir);
      else await startStandalone(context, options, dataDir);
    });

  cluster
    .command("status")
    .description("show whether the local cluster runs, where, and what it holds")
    .option("--data-dir <dir>", "data directory of the cluster")
    .action(async (raw: Record<string, unknown>) => {
      const dataDir = await localDataDir(context, parseOptions(dataDirSchema, raw).dataDir);
      const manifest = await readManifest(dataDir);
      if (manifest === null) return standaloneStatus(context, globals, dataDir);
      const status = await inspectSpuCluster(localClusterDeps(context), dataDir, manifest);
      if (status.sc === null && status.spus.every((spu) => spu.runtime === null)) throw new UserError(`Freshet cluster is not running (data dir ${dataDir})`);
      await context.stdout.write(clusterStatusText(status, dataDir, context.now()));
    });

  cluster
    .command("stop")
    .description("stop the local cluster: SPUs first, then the SC (data is kept)")
    .option("--data-dir <dir>", "data directory of the cluster")
    .action(async (raw: Record<string, unknown>) => {
      const dataDir = await localDataDir(context, parseOptions(dataDirSchema, raw).dataDir);
      const manifest = await readManifest(dataDir);
      if (manifest === null) {
        const { pid, forced } = await stopLocalCluster(context, machineOf(context), dataDir, STOP_GRACE_MS);
        await context.stdout.write(`Freshet cluster stopped (pid ${pid}${forced ? ", killed" : ""})\n`);
        return;
      }
      const stopped = await stopSpuCluster(localClusterDeps(context), dataDir, manifest, STOP_GRACE_MS);
      await context.stdout.write(`${stoppedText(stopped)}Freshet cluster stopped\n`);
    });
}

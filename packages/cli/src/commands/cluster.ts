import { join, resolve } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { type CliContext, withClient } from "../context.js";
import { EXIT_USAGE, UserError } from "../errors/user-error.js";
import { startLocalCluster } from "../local-cluster/start-local.js";
import { stopLocalCluster } from "../local-cluster/stop-local.js";
import { runningSpu } from "../local-cluster/spu-runtime.js";
import { formatDuration } from "../options/duration.js";
import { count, parseOptions } from "../options/zod-options.js";
import { currentProfile, readConfig, withProfile, writeConfig } from "../profile/config-file.js";

type Globals = () => { bootstrap?: string };

export const LOCAL_PROFILE = "local";
const DEFAULT_PORT = 9092;
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 30_000;

const startSchema = z.object({
  local: z.boolean().optional(),
  dataDir: z.string().min(1).optional(),
  port: count.pipe(z.number().max(65_535)).default(DEFAULT_PORT),
  host: z.string().min(1).default("127.0.0.1"),
});

const dataDirSchema = z.object({ dataDir: z.string().min(1).optional() });

/** --data-dir, else the current profile's, else $FRESHET_HOME/local. */
async function localDataDir(context: CliContext, flag: string | undefined): Promise<string> {
  if (flag !== undefined) return resolve(flag);
  const profile = currentProfile(await readConfig(context.env.home));
  return profile?.dataDir ?? join(context.env.home, LOCAL_PROFILE);
}

function address(runtime: { host: string; port: number }): string {
  return `${runtime.host}:${runtime.port}`;
}

export function registerClusterCommands(program: Command, context: CliContext, globals: Globals): void {
  const cluster = program.command("cluster").description("run and inspect a local Freshet cluster");

  cluster
    .command("start")
    .description("start a local cluster in the background")
    .option("--local", "run on this machine (the only mode so far)")
    .option("--data-dir <dir>", "where the cluster keeps its data (default $FRESHET_HOME/local)")
    .option("--port <port>", "Kafka listener port (0 picks a free one)", String(DEFAULT_PORT))
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(startSchema, raw);
      if (options.local !== true) throw new UserError("only local clusters can be started so far: add --local", EXIT_USAGE);
      const dataDir = options.dataDir === undefined ? join(context.env.home, LOCAL_PROFILE) : resolve(options.dataDir);
      const outcome = await startLocalCluster(context, { dataDir, host: options.host, port: options.port, readyTimeoutMs: READY_TIMEOUT_MS });
      const bootstrap = address(outcome.runtime);
      await writeConfig(context.env.home, withProfile(await readConfig(context.env.home), LOCAL_PROFILE, { bootstrap, dataDir }));
      const headline =
        outcome.kind === "started"
          ? `Freshet cluster started (pid ${outcome.runtime.pid})`
          : `Freshet cluster is already running (pid ${outcome.runtime.pid})`;
      await context.stdout.write(`${headline}\nbootstrap: ${bootstrap}\ndata dir:  ${dataDir}\nprofile:   ${LOCAL_PROFILE} (current)\n`);
    });

  cluster
    .command("status")
    .description("show whether the local cluster runs, where, and what it holds")
    .option("--data-dir <dir>", "data directory of the cluster")
    .action(async (raw: Record<string, unknown>) => {
      const dataDir = await localDataDir(context, parseOptions(dataDirSchema, raw).dataDir);
      const runtime = await runningSpu(dataDir);
      if (runtime === null) throw new UserError(`Freshet cluster is not running (data dir ${dataDir})`);
      const bootstrap = globals().bootstrap ?? address(runtime);
      const topics = await withClient(context, bootstrap, async (client) => (await client.admin.listTopics()).length).then(
        (n) => String(n),
        (error: unknown) => `unknown (${(error as Error).message})`,
      );
      const uptime = formatDuration(context.now() - Date.parse(runtime.startedAt));
      await context.stdout.write(
        `Freshet cluster is running\npid:       ${runtime.pid}\nbootstrap: ${address(runtime)}\ndata dir:  ${dataDir}\nuptime:    ${uptime}\ntopics:    ${topics}\n`,
      );
    });

  cluster
    .command("stop")
    .description("stop the local cluster (data is kept)")
    .option("--data-dir <dir>", "data directory of the cluster")
    .action(async (raw: Record<string, unknown>) => {
      const dataDir = await localDataDir(context, parseOptions(dataDirSchema, raw).dataDir);
      const { pid, forced } = await stopLocalCluster(context, dataDir, STOP_GRACE_MS);
      await context.stdout.write(`Freshet cluster stopped (pid ${pid}${forced ? ", killed" : ""})\n`);
    });
}

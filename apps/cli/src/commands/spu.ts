import type { Command } from "commander";
import { ConnectionError } from "@freshet/client/connection/connection-error";
import { type CliContext, resolveController } from "../context.js";
import { UserError } from "../errors/user-error.js";
import { controllerSecretPath, requireManifest } from "../local-cluster/cluster-manifest.js";
import { STOP_GRACE_MS, localClusterDeps, localDataDir, saveLocalProfile } from "../local-cluster/local-context.js";
import { clusterAddresses } from "../local-cluster/spu-cluster.js";
import { addSpu, startSpu, stopSpu, type SpuStarted } from "../local-cluster/spu-operations.js";
import { parseOptions } from "../options/zod-options.js";
import { dataDirSchema, parseSpuId, portRequest, spuAddSchema, spuListSchema, spuStartSchema } from "./cluster-options.js";
import { spuListText, stoppedText } from "./cluster-text.js";

/** A restarted or added SPU may listen elsewhere than before: the profile's bootstrap list follows. */
async function recordStarted(context: CliContext, dataDir: string, started: SpuStarted, verb: string): Promise<void> {
  await saveLocalProfile(context, { ...clusterAddresses(started.manifest), dataDir });
  await context.stdout.write(`SPU ${started.id} ${verb} (pid ${started.runtime.pid}) at ${started.runtime.host}:${started.runtime.port}\n`);
}

export function registerSpuCommands(program: Command, context: CliContext): void {
  const spu = program.command("spu").description("list the SPUs of a cluster; stop, restart, replace or add them (local clusters)");

  spu
    .command("list")
    .description("every SPU the controller knows: address, liveness, partitions led and followed (internal topics included)")
    .option("--sc <host:port>", "streaming controller to ask (default: the current profile's)")
    .option("--controller-secret <file>", "the cluster's controller secret file (default: controller.secret in the current profile's data directory)")
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(spuListSchema, raw);
      const address = await resolveController(context, options.sc);
      const secretFile = options.controllerSecret ?? controllerSecretPath(await localDataDir(context, undefined));
      const description = await localClusterDeps(context)
        .describeCluster({ ...address, secretFile })
        .catch((error: unknown) => {
          if (error instanceof ConnectionError && error.kind === "connect") throw new UserError(`${error.message} — is the cluster running? see \`freshet cluster status\``, 1, { cause: error });
          throw error;
        });
      await context.stdout.write(spuListText(description));
    });

  spu
    .command("stop")
    .description("stop one SPU of the local cluster (its data is kept); the controller elects new leaders")
    .argument("<id>", "SPU id")
    .option("--data-dir <dir>", "data directory of the cluster")
    .action(async (idText: string, raw: Record<string, unknown>) => {
      const id = parseSpuId(idText);
      const dataDir = await localDataDir(context, parseOptions(dataDirSchema, raw).dataDir);
      const stopped = await stopSpu(localClusterDeps(context), dataDir, await requireManifest(dataDir), id, STOP_GRACE_MS);
      await context.stdout.write(stoppedText([stopped]));
    });

  spu
    .command("start")
    .description("start a stopped SPU of the local cluster again, with its data or (--empty) without")
    .argument("<id>", "SPU id")
    .option("--empty", "wipe its data directory first, as if its disk had been replaced; it copies everything back from the leaders")
    .option("--data-dir <dir>", "data directory of the cluster")
    .action(async (idText: string, raw: Record<string, unknown>) => {
      const id = parseSpuId(idText);
      const options = parseOptions(spuStartSchema, raw);
      const dataDir = await localDataDir(context, options.dataDir);
      const started = await startSpu(localClusterDeps(context), dataDir, await requireManifest(dataDir), id, { empty: options.empty === true });
      await recordStarted(context, dataDir, started, options.empty === true ? "started empty" : "started");
    });

  spu
    .command("add")
    .description("start one more SPU (the next id) joining the local cluster's controller")
    .option("--port <port>", "its Kafka listener port (default: after the highest in use, or a free one; 0 = free)")
    .option("--data-dir <dir>", "data directory of the cluster")
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(spuAddSchema, raw);
      const dataDir = await localDataDir(context, options.dataDir);
      const port = options.port === undefined ? null : portRequest(options.port, 0, "--port");
      const started = await addSpu(localClusterDeps(context), dataDir, await requireManifest(dataDir), port);
      await recordStarted(context, dataDir, started, "added");
    });
}

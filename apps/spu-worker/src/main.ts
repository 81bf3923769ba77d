#!/usr/bin/env node
import { mkdir } from "node:fs/promises";
import { Broker } from "@freshet/engine/broker/broker";
import { systemClock } from "@freshet/engine/broker/resources";
import { pino } from "pino";
import { loadConfig } from "./config.js";
import { liveOwner, removeRuntimeFile, writeRuntimeFile } from "./runtime-file.js";

/** Entry point of an SPU process: runs a broker until SIGTERM/SIGINT. */
async function main(): Promise<number> {
  const loaded = loadConfig(process.argv.slice(2), process.env);
  if (!loaded.ok) {
    process.stderr.write(`freshet-spu: ${loaded.message}\n`);
    return 2;
  }
  const { config } = loaded;
  const logger = pino({ level: config.logLevel, base: { role: "spu", node: config.nodeId } });
  const owner = await liveOwner(config.dataDir);
  if (owner !== null) {
    process.stderr.write(`freshet-spu: data directory ${config.dataDir} is in use by process ${owner}\n`);
    return 1;
  }
  await mkdir(config.dataDir, { recursive: true });
  const broker = await Broker.start(
    { ...config, retentionCheckIntervalMs: 60_000, maxInFlightPerConnection: 128 },
    { logger, clock: systemClock },
  );
  await writeRuntimeFile(config.dataDir, {
    pid: process.pid,
    host: broker.identity.host,
    port: broker.identity.port,
    nodeId: config.nodeId,
    startedAt: new Date().toISOString(),
  });
  logger.info({ dataDir: config.dataDir, port: broker.identity.port }, "spu ready");

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "shutting down");
      const deadline = setTimeout(() => {
        logger.error({ timeoutMs: config.shutdownTimeoutMs }, "graceful shutdown timed out");
        resolve(1);
      }, config.shutdownTimeoutMs);
      deadline.unref();
      broker
        .close()
        .then(() => 0, (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          return 1;
        })
        .then(async (code) => {
          await removeRuntimeFile(config.dataDir);
          clearTimeout(deadline);
          logger.info("stopped");
          resolve(code);
        });
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`freshet-spu: fatal: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

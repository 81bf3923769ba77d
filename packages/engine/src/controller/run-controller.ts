import { join } from "node:path";
import { ensureControllerSecret } from "@freshet/client/admin/controller-secret";
import type { EngineResources } from "../system/resources.js";
import { FileRegistry } from "../smartmodules/file-registry.js";
import type { TopicDefaults } from "../topics/topic-defaults.js";
import { FileClusterStateStore } from "./cluster-state-store.js";
import { Controller } from "./controller.js";
import { ControllerServer } from "./controller-server.js";

export interface ControllerProcessOptions {
  /** cluster.json and the SmartModule registry (smartmodules/) live here. */
  readonly dataDir: string;
  readonly host: string;
  /** 0 picks a free port (the one bound is returned). */
  readonly port: number;
  /** The cluster's controller secret file (created on first start): every connection must prove it holds the secret. */
  readonly secretFile: string;
  /** Default 500 ms. */
  readonly heartbeatIntervalMs?: number;
  /** Default 3000 ms. */
  readonly spuTimeoutMs?: number;
  /** Most partitions the cluster's topics may have in all; unlimited when unset. */
  readonly maxPartitions?: number;
  /** How every SPU creates topics without a count (--num-partitions, --default-replication-factor). */
  readonly topicDefaults?: TopicDefaults;
}

export interface RunningController {
  readonly host: string;
  readonly port: number;
  readonly controller: Controller;
  /** Stops the listener (answering parked watches), then the controller. Safe to call twice. */
  close(): Promise<void>;
}

/** The controller secret file cannot be created or read: a setting to fix, not a crash. */
export class ControllerSecretError extends Error {}

/** What `spu-worker --role sc` runs: the controller on its durable state, served on a port. */
export async function startController(options: ControllerProcessOptions, resources: EngineResources): Promise<RunningController> {
  const secret = await ensureControllerSecret(options.secretFile);
  if (!secret.ok) throw new ControllerSecretError(secret.error);
  const controller = await Controller.open(
    new FileClusterStateStore(join(options.dataDir, "cluster.json")),
    {
      ...(options.heartbeatIntervalMs !== undefined ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
      ...(options.spuTimeoutMs !== undefined ? { spuTimeoutMs: options.spuTimeoutMs } : {}),
      ...(options.maxPartitions !== undefined ? { maxPartitions: options.maxPartitions } : {}),
      ...(options.topicDefaults !== undefined ? { topicDefaults: options.topicDefaults } : {}),
    },
    resources,
  );
  let server: ControllerServer;
  try {
    const smartModules = await FileRegistry.open(join(options.dataDir, "smartmodules"), resources.clock);
    server = await ControllerServer.start(controller, { host: options.host, port: options.port, secret: secret.value }, resources, smartModules);
  } catch (cause) {
    await controller.close();
    throw cause;
  }
  resources.logger.info({ host: server.host, port: server.port, clusterId: controller.state.clusterId }, "controller ready");
  let closing: Promise<void> | null = null;
  return {
    host: server.host,
    port: server.port,
    controller,
    close() {
      closing ??= (async () => {
        // Parked watches are answered when the server abandons their connections,
        // so closing the controller first would only make them answer twice as fast.
        const results = await Promise.allSettled([server.close(), controller.close()]);
        const failed = results.find((r) => r.status === "rejected");
        if (failed) throw failed.reason;
      })();
      return closing;
    },
  };
}

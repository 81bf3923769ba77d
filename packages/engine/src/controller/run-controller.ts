import { join } from "node:path";
import type { EngineResources } from "../broker/resources.js";
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
  /** Default 500 ms. */
  readonly heartbeatIntervalMs?: number;
  /** Default 3000 ms. */
  readonly spuTimeoutMs?: number;
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

/** What `spu-worker --role sc` runs: the controller on its durable state, served on a port. */
export async function startController(options: ControllerProcessOptions, resources: EngineResources): Promise<RunningController> {
  const controller = await Controller.open(
    new FileClusterStateStore(join(options.dataDir, "cluster.json")),
    {
      ...(options.heartbeatIntervalMs !== undefined ? { heartbeatIntervalMs: options.heartbeatIntervalMs } : {}),
      ...(options.spuTimeoutMs !== undefined ? { spuTimeoutMs: options.spuTimeoutMs } : {}),
      ...(options.topicDefaults !== undefined ? { topicDefaults: options.topicDefaults } : {}),
    },
    resources,
  );
  let server: ControllerServer;
  try {
    const smartModules = await FileRegistry.open(join(options.dataDir, "smartmodules"), resources.clock);
    server = await ControllerServer.start(controller, { host: options.host, port: options.port }, resources.logger, smartModules);
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

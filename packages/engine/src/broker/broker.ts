import { join } from "node:path";
import { GroupCoordinator } from "../groups/group-coordinator.js";
import { OffsetStore } from "../groups/offset-store.js";
import { apiVersionsHandler } from "../handlers/api-versions.js";
import { describeConfigsHandler } from "../handlers/describe-configs.js";
import { fetchHandler } from "../handlers/fetch.js";
import {
  findCoordinatorHandler,
  heartbeatHandler,
  joinGroupHandler,
  leaveGroupHandler,
  syncGroupHandler,
} from "../handlers/group-membership.js";
import {
  deleteGroupsHandler,
  describeGroupsHandler,
  listGroupsHandler,
  offsetCommitHandler,
  offsetFetchHandler,
} from "../handlers/group-offsets.js";
import { initProducerIdHandler } from "../handlers/init-producer-id.js";
import { listOffsetsHandler } from "../handlers/list-offsets.js";
import { metadataHandler } from "../handlers/metadata.js";
import { produceHandler } from "../handlers/produce.js";
import { createPartitionsHandler, createTopicsHandler, deleteTopicsHandler } from "../handlers/topic-admin.js";
import { FileMetadataStore } from "../metadata/metadata-store.js";
import { Dispatcher } from "../server/dispatcher.js";
import { KafkaServer } from "../server/kafka-server.js";
import { TopicRegistry } from "../topics/topic-registry.js";
import type { BrokerContext, BrokerIdentity, BrokerSettings } from "./broker-context.js";
import type { EngineResources } from "./resources.js";

export interface BrokerConfig extends BrokerSettings {
  readonly nodeId: number;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** Host put in Metadata for clients to connect to; defaults to `host`. */
  readonly advertisedHost?: string;
  readonly maxFrameBytes: number;
  readonly maxInFlightPerConnection: number;
  readonly retentionCheckIntervalMs: number;
}

/**
 * A single-node Freshet broker: topic storage, the Kafka protocol listener and
 * the group coordinator, assembled from their systems.
 */
export class Broker {
  #retentionTimer: NodeJS.Timeout | null = null;
  #closing: Promise<void> | null = null;

  private constructor(
    private readonly config: BrokerConfig,
    private readonly resources: EngineResources,
    private readonly registry: TopicRegistry,
    private readonly offsets: OffsetStore,
    private readonly coordinator: GroupCoordinator,
    private readonly server: KafkaServer,
    readonly identity: BrokerIdentity,
  ) {}

  static async start(config: BrokerConfig, resources: EngineResources): Promise<Broker> {
    const registry = await TopicRegistry.open(config.dataDir, new FileMetadataStore(join(config.dataDir, "metadata.json")), resources);
    const offsets = await OffsetStore.open(join(config.dataDir, "internal", "__consumer_offsets-0"), resources);
    const coordinator = new GroupCoordinator(offsets, registry, resources);
    const identity: BrokerIdentity = { nodeId: config.nodeId, host: config.advertisedHost ?? config.host, port: config.port };
    const ctx: BrokerContext = { identity, settings: config, registry, coordinator, resources };
    const handlers = [
      metadataHandler(ctx),
      produceHandler(ctx),
      fetchHandler(ctx),
      listOffsetsHandler(ctx),
      createTopicsHandler(ctx),
      deleteTopicsHandler(ctx),
      createPartitionsHandler(ctx),
      describeConfigsHandler(ctx),
      initProducerIdHandler(ctx),
      findCoordinatorHandler(ctx),
      joinGroupHandler(ctx),
      syncGroupHandler(ctx),
      heartbeatHandler(ctx),
      leaveGroupHandler(ctx),
      offsetCommitHandler(ctx),
      offsetFetchHandler(ctx),
      describeGroupsHandler(ctx),
      listGroupsHandler(ctx),
      deleteGroupsHandler(ctx),
    ];
    const dispatcher: Dispatcher = new Dispatcher([...handlers, apiVersionsHandler(() => dispatcher.advertised())], resources.logger);
    const server = new KafkaServer(dispatcher, { maxFrameBytes: config.maxFrameBytes, maxInFlight: config.maxInFlightPerConnection }, resources.logger);
    const bound = await server.listen(config.host, config.port);
    identity.port = bound.port;
    const broker = new Broker(config, resources, registry, offsets, coordinator, server, identity);
    broker.#scheduleRetention();
    return broker;
  }

  #scheduleRetention(): void {
    this.#retentionTimer = setInterval(() => {
      this.registry.enforceRetention().catch((error: unknown) => this.resources.logger.error({ err: error }, "retention pass failed"));
    }, this.config.retentionCheckIntervalMs);
    this.#retentionTimer.unref();
  }

  get topics(): TopicRegistry {
    return this.registry;
  }

  /**
   * Stops accepting connections, answers every request already received (so
   * acknowledged writes are durable), then closes logs. Safe to call twice; every
   * step runs even if an earlier one fails.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    if (this.#retentionTimer) clearInterval(this.#retentionTimer);
    const steps: [string, () => Promise<void> | void][] = [
      ["listener", () => this.server.close()],
      ["groups", () => this.coordinator.close()],
      ["offsets", () => this.offsets.close()],
      ["topics", () => this.registry.close()],
    ];
    const failures: unknown[] = [];
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (cause) {
        this.resources.logger.error({ err: cause, step: name }, "shutdown step failed");
        failures.push(cause);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, "broker shutdown had failures");
  }
}

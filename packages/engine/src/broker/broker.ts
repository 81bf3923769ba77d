import { join } from "node:path";
import { createSecureContext } from "node:tls";
import type { CredentialStore } from "../auth/credential-store.js";
import type { CredentialsFile } from "../auth/credentials-file.js";
import { GroupCoordinator } from "../groups/group-coordinator.js";
import { OffsetStore } from "../groups/offset-store.js";
import { FileMetadataStore } from "../metadata/metadata-store.js";
import { IsrChanges } from "../metrics/isr-changes.js";
import { UsageMeter } from "../metrics/usage-meter.js";
import { FileAclStore } from "../acls/acl-store.js";
import { Authorizer } from "../acls/authorizer.js";
import { ByteRateQuotas } from "../quotas/byte-rate-quotas.js";
import { FileQuotaStore } from "../quotas/quota-store.js";
import type { ClusterLink } from "../replication/cluster-link.js";
import { Dispatcher } from "../server/dispatcher.js";
import { KafkaServer } from "../server/kafka-server.js";
import { FileRegistry } from "../smartmodules/file-registry.js";
import { Derivations } from "../smartmodules/derivation/derivations.js";
import { DEFAULT_QUARANTINE_POLICY } from "../smartmodules/module-quarantine.js";
import { ChainOpener } from "../smartmodules/open-chain.js";
import { ProduceChains } from "../smartmodules/produce-chain.js";
import { runtimeLimitsOf } from "../smartmodules/runtime-limits.js";
import { TopicRegistry } from "../topics/topic-registry.js";
import type { BrokerAddress, TopicsView } from "../topics/topics-view.js";
import type { BrokerContext, BrokerIdentity, BrokerSettings } from "../handlers/broker-context.js";
import { brokerHandlers } from "./handler-table.js";
import { smartModulesDir, type Parts } from "./broker-parts.js";
import { startLogMaintenance } from "./log-maintenance.js";
import type { Cancel } from "../system/clock.js";
import type { EngineResources } from "../system/resources.js";

/** Kafka's group.initial.rebalance.delay.ms default. */
const DEFAULT_INITIAL_REBALANCE_DELAY_MS = 3_000;
const DEFAULT_LOG_CLEANER_INTERVAL_MS = 15_000;

export interface BrokerConfig extends BrokerSettings {
  readonly nodeId: number;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** Host put in Metadata for clients to connect to; defaults to `host`. */
  readonly advertisedHost?: string;
  readonly maxFrameBytes: number;
  readonly maxInFlightPerConnection: number;
  /** Bytes of requests one connection may have unanswered before it is no longer read; default maxFrameBytes. */
  readonly maxQueuedBytesPerConnection?: number;
  /** Connections idle this long are closed (connections.max.idle.ms); unset: never. */
  readonly connectionsMaxIdleMs?: number;
  /** Connection caps of the Kafka listener; unset: unlimited. */
  readonly maxConnections?: number;
  readonly maxConnectionsPerAddress?: number;
  /** PEM certificate chain and key: clients may then speak TLS on the Kafka port (and log in with PLAIN). */
  readonly tls?: { readonly certPem: string; readonly keyPem: string };
  readonly retentionCheckIntervalMs: number;
  /** How often the log cleaner looks at compacted topics (Kafka's log.cleaner.backoff.ms); default 15 s. */
  readonly logCleanerIntervalMs?: number;
  /** A follower not caught up for this long leaves the ISR (Kafka's replica.lag.time.max.ms). */
  readonly replicaLagMaxMs?: number;
  /** Users clients must log in as (SASL PLAIN / SCRAM-SHA-256); no authentication when unset. */
  readonly saslCredentials?: CredentialsFile;
  /** The file saslCredentials came from: re-read whenever it changes, so users come and go without a restart. */
  readonly saslCredentialsPath?: string;
  /** Standalone: most partitions all topics may have together (a cluster's SC enforces its own). Unlimited when unset. */
  readonly maxPartitions?: number;
}

/** Joins a cluster: given this SPU's advertised address, returns its link to the controller. */
export type ClusterJoin = (self: BrokerAddress) => Promise<ClusterLink>;

export interface BrokerOptions {
  readonly config: BrokerConfig;
  readonly resources: EngineResources;
  /** Given: this broker is an SPU of the cluster it joins; absent: it runs alone, as its own controller. */
  readonly join?: ClusterJoin;
}

/** Everything a started broker runs and closes, built by `Broker.start`. */
interface BrokerSystems {
  readonly config: BrokerConfig;
  readonly resources: EngineResources;
  readonly parts: Parts;
  readonly coordinator: GroupCoordinator;
  readonly server: KafkaServer;
  readonly identity: BrokerIdentity;
  readonly derivations: Derivations;
  readonly produceChains: ProduceChains;
  readonly chains: ChainOpener;
  readonly credentials: CredentialStore | null;
}

async function standaloneParts(config: BrokerConfig, resources: EngineResources, self: BrokerAddress): Promise<Parts> {
  const limits = config.maxPartitions === undefined ? {} : { maxPartitions: config.maxPartitions };
  const registry = await TopicRegistry.open(config.dataDir, new FileMetadataStore(join(config.dataDir, "metadata.json"), resources), resources, self, limits);
  const offsets = await OffsetStore.openLocal(join(config.dataDir, "internal", "__consumer_offsets-0"), resources);
  const smartModules = await FileRegistry.open(smartModulesDir(config.dataDir), resources.clock);
  const quotas = await FileQuotaStore.open(join(config.dataDir, "quotas.json"));
  const acls = await FileAclStore.open(join(config.dataDir, "acls.json"));
  return { topics: registry, offsets, coordinatorOf: async () => self, smartModules, link: null, quotas, acls };
}

/**
 * A Freshet broker: the Kafka protocol listener, topic storage and the group
 * coordinator. Alone it is its own controller; as an SPU of a cluster (`join`
 * given) it follows the controller's state and replicates with its peers.
 */
export class Broker {
  #stopMaintenance: Cancel = () => undefined;
  #closing: Promise<void> | null = null;

  private readonly config: BrokerConfig;
  private readonly resources: EngineResources;
  private readonly parts: Parts;
  private readonly coordinator: GroupCoordinator;
  private readonly server: KafkaServer;
  readonly identity: BrokerIdentity;
  private readonly derivations: Derivations;
  private readonly produceChains: ProduceChains;
  private readonly chains: ChainOpener;
  private readonly credentials: CredentialStore | null;

  private constructor(systems: BrokerSystems) {
    this.config = systems.config;
    this.resources = systems.resources;
    this.parts = systems.parts;
    this.coordinator = systems.coordinator;
    this.server = systems.server;
    this.identity = systems.identity;
    this.derivations = systems.derivations;
    this.produceChains = systems.produceChains;
    this.chains = systems.chains;
    this.credentials = systems.credentials;
  }

  static async start(options: BrokerOptions): Promise<Broker> {
    const { config, resources, join } = options;
    const metrics = resources.metrics === undefined ? undefined : (await import("./broker-metrics.js")).brokerMetrics(resources.metrics);
    const server = new KafkaServer(
      {
        maxFrameBytes: config.maxFrameBytes,
        maxInFlight: config.maxInFlightPerConnection,
        maxQueuedBytes: config.maxQueuedBytesPerConnection,
        idleMs: config.connectionsMaxIdleMs,
      },
      resources,
      {
        caps: { maxConnections: config.maxConnections ?? Infinity, maxConnectionsPerAddress: config.maxConnectionsPerAddress ?? Infinity },
        tls: config.tls === undefined ? undefined : createSecureContext({ cert: config.tls.certPem, key: config.tls.keyPem }),
      },
    );
    // Bind first: a cluster member registers the port it actually got.
    const bound = await server.listen(config.host, config.port);
    const sasl = config.saslCredentials === undefined ? null : (await import("./sasl-listener.js")).openSasl(config.saslCredentials, config.saslCredentialsPath, resources);
    const credentials = sasl?.credentials ?? null;
    const identity: BrokerIdentity = { nodeId: config.nodeId, host: config.advertisedHost ?? config.host, port: bound.port };
    const self = { nodeId: identity.nodeId, host: identity.host, port: identity.port };
    const isrChanges = metrics ? new IsrChanges() : undefined;
    let parts: Parts;
    try {
      parts = join === undefined ? await standaloneParts(config, resources, self) : await (await import("./cluster-parts.js")).clusterParts(config, resources, self, join, credentials, isrChanges);
    } catch (error) {
      credentials?.close();
      await server.close();
      throw error;
    }
    const coordinator = new GroupCoordinator(parts.offsets, parts.topics, resources, {
      initialRebalanceDelayMs: config.groupInitialRebalanceDelayMs ?? DEFAULT_INITIAL_REBALANCE_DELAY_MS,
    });
    const usage = metrics ? new UsageMeter() : null;
    // One set of limits for every place this broker runs SmartModules.
    const chains = new ChainOpener(parts.smartModules, runtimeLimitsOf(config.smartModuleLimits), {
      ...(config.smartModuleInstances === undefined ? {} : { budget: config.smartModuleInstances }),
      quarantine: { ...DEFAULT_QUARANTINE_POLICY, failuresBeforeQuarantine: config.smartModuleQuarantineAfter ?? DEFAULT_QUARANTINE_POLICY.failuresBeforeQuarantine },
      resources,
      usage,
    });
    const produceChains = new ProduceChains(chains, resources);
    const derivations = new Derivations(parts.topics, chains, produceChains, resources, self, credentials?.internalLogin());
    const internalUser = credentials?.internalLogin()?.username;
    const ctx: BrokerContext = {
      identity,
      settings: config,
      topics: parts.topics,
      coordinator,
      smartModules: parts.smartModules,
      chains,
      produceChains,
      resources,
      usage,
      quotas: parts.quotas,
      produceQuotas: new ByteRateQuotas(parts.quotas, "producer_byte_rate", resources.clock),
      fetchQuotas: new ByteRateQuotas(parts.quotas, "consumer_byte_rate", resources.clock),
      acls: parts.acls,
      // The internal user replicates and derives topics for the cluster: no binding may stop it.
      authorizer: new Authorizer(() => parts.acls.current(), new Set([...(config.superUsers ?? []), ...(internalUser === undefined ? [] : [internalUser])])),
      coordinatorOf: parts.coordinatorOf,
    };
    const handlers = brokerHandlers(ctx);
    const advertised = () => dispatcher.advertised();
    const dispatcher: Dispatcher = new Dispatcher(sasl === null ? handlers(advertised) : [...handlers(advertised), ...sasl.handlers], resources.logger, metrics?.requests());
    server.serve(dispatcher, sasl?.gate);
    const broker = new Broker({ config, resources, parts, coordinator, server, identity, derivations, produceChains, chains, credentials });
    derivations.start();
    const { topics, offsets } = parts;
    broker.#stopMaintenance = startLogMaintenance(
      { enforceRetention: () => topics.enforceRetention(), cleanLogs: () => topics.cleanLogs(), compactOffsets: () => offsets.compact?.() },
      { retentionMs: config.retentionCheckIntervalMs, cleanerMs: config.logCleanerIntervalMs ?? DEFAULT_LOG_CLEANER_INTERVAL_MS },
      resources,
    );
    if (metrics && usage !== null) metrics.register({ topics: parts.topics, offsets: parts.offsets, listener: server, isrChanges, usage });
    return broker;
  }

  get topics(): TopicsView {
    return this.parts.topics;
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
    this.#stopMaintenance();
    const steps: [string, () => Promise<void> | void][] = [
      ["replicas", () => this.parts.topics.stopServing?.()],
      ["listener", () => this.server.close()],
      ["groups", () => this.coordinator.close()],
      ["derivations", () => this.derivations.close()],
      ["produce chains", () => this.produceChains.close()],
      ["smartmodule spares", () => this.chains.close()],
      ["offsets", () => this.parts.offsets.close()],
      ["topics", () => this.parts.topics.close()],
      ["controller link", () => this.parts.link?.close()],
      ["credentials", () => this.credentials?.close()],
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

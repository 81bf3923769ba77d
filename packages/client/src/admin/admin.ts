import { KafkaProtocolError, errorCode, isRetriable } from "@freshet/protocol/errors/error-codes";
import { createPartitions as createPartitionsApi } from "@freshet/protocol/messages/create-partitions";
import { createTopics as createTopicsApi } from "@freshet/protocol/messages/create-topics";
import { deleteTopics as deleteTopicsApi } from "@freshet/protocol/messages/delete-topics";
import { incrementalAlterConfigs } from "@freshet/protocol/messages/incremental-alter-configs";
import { isRetriableError } from "../cluster/retry.js";
import type { Cluster } from "../cluster/cluster.js";
import { listPartitionOffsets } from "../cluster/list-offsets.js";
import { sleep } from "../time/clock.js";
import { createAclsOn, deleteAclsOn, describeAclsOn, type AclBinding, type AclBindingFilter } from "./acls.js";
import { alterClientQuotasOn, describeClientQuotasOn, type ClientQuotaEntry, type QuotaEntity, type QuotaValues } from "./client-quotas.js";
import { describeTopicConfigs } from "./describe-configs.js";
import { commitGroupOffsets, deleteGroupOn, describeGroupLag, fetchGroupOffsets, offsetsForTimestamp, planGroupOffsetReset } from "./group-offsets.js";
import { describeGroup, listGroups } from "./groups.js";
import { deleteSmartModuleOn, fetchSmartModuleOn, listSmartModulesOn, loadSmartModuleOn, type FetchedSmartModule, type LoadSmartModuleOptions, type SmartModuleInfo } from "./smartmodules.js";
import { waitUntilTopicsGone } from "./topic-removal.js";
import type { GroupDescription, GroupListing, GroupOffsetReset, NewTopic, PartitionLag, PlannedOffset, TopicDescription, TopicPartitionOffset, TopicSummary } from "./types.js";

export const DEFAULT_ADMIN_TIMEOUT_MS = 30_000;
const LEADER_NOT_AVAILABLE = errorCode("LEADER_NOT_AVAILABLE");
const LEADER_POLL_MS = 50;
/** IncrementalAlterConfigs: resource type and config operations. */
const TOPIC_RESOURCE = 2;
const SET_CONFIG = 0;
const DELETE_CONFIG = 1;

function topicError(code: number, action: string, topic: string, message: string | null): KafkaProtocolError {
  return new KafkaProtocolError(code, `${action} "${topic}"${message ? ` (${message})` : ""}`);
}

/**
 * Sends `names` to the controller until every one succeeded or failed for good.
 * Only the names that failed retriably are sent again, so a retry after partial
 * success never reports TOPIC_ALREADY_EXISTS for a topic this call created.
 */
async function perTopicWithRetry(
  cluster: Cluster,
  names: readonly string[],
  send: (pending: readonly string[]) => Promise<Array<{ name: string; errorCode: number; errorMessage: string | null }>>,
  action: string,
): Promise<void> {
  let pending = [...names];
  await cluster.retry(async () => {
    const results = await send(pending);
    const failed = results.filter((r) => r.errorCode !== 0);
    const permanent = failed.find((r) => !isRetriable(r.errorCode));
    if (permanent) throw topicError(permanent.errorCode, action, permanent.name, permanent.errorMessage);
    pending = pending.filter((name) => failed.some((r) => r.name === name) || !results.some((r) => r.name === name));
    const retriable = failed[0];
    if (retriable) throw topicError(retriable.errorCode, action, retriable.name, retriable.errorMessage);
  });
}

/** Topic and group administration, as kafkajs's admin client offers it. */
export class Admin {
  readonly #cluster: Cluster;

  constructor(cluster: Cluster) {
    this.#cluster = cluster;
  }

  async createTopics(topics: readonly NewTopic[], options: { timeoutMs?: number; validateOnly?: boolean; waitForLeaders?: boolean } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_ADMIN_TIMEOUT_MS;
    const byName = new Map(topics.map((t) => [t.name, t]));
    await perTopicWithRetry(
      this.#cluster,
      [...byName.keys()],
      async (pending) => {
        const controller = await this.#cluster.controllerConnection();
        const response = await controller.request(createTopicsApi, {
          topics: pending.map((name) => {
            const topic = byName.get(name)!;
            return {
              name,
              numPartitions: topic.partitions ?? -1,
              replicationFactor: topic.replicationFactor ?? -1,
              assignments: [],
              configs: Object.entries(topic.configs ?? {}).map(([configName, value]) => ({ name: configName, value })),
            };
          }),
          timeoutMs,
          validateOnly: options.validateOnly ?? false,
        });
        return response.topics;
      },
      "create topic",
    );
    if (!options.validateOnly && options.waitForLeaders !== false) await this.#waitForLeaders([...byName.keys()], timeoutMs);
  }

  /** Polls metadata until every partition of `names` has a leader, so the next produce finds one. */
  async #waitForLeaders(names: readonly string[], timeoutMs: number): Promise<void> {
    const deadline = this.#cluster.clock.now() + timeoutMs;
    for (;;) {
      const topics = await this.#cluster.refreshMetadata(names).catch((error: unknown) => {
        if (isRetriableError(error)) return null;
        throw error;
      });
      const ready =
        topics !== null &&
        names.every((name) => {
          const topic = topics.find((t) => t.name === name);
          return topic !== undefined && topic.errorCode === 0 && topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0);
        });
      if (ready) return;
      if (this.#cluster.clock.now() >= deadline) {
        throw new KafkaProtocolError(LEADER_NOT_AVAILABLE, `waiting for leaders of ${names.map((n) => `"${n}"`).join(", ")}`);
      }
      await sleep(this.#cluster.clock, LEADER_POLL_MS);
    }
  }

  /** Deletes `names`; unless `waitForRemoval` is false, returns once no broker's Metadata lists them. */
  async deleteTopics(names: readonly string[], options: { timeoutMs?: number; waitForRemoval?: boolean } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_ADMIN_TIMEOUT_MS;
    await perTopicWithRetry(
      this.#cluster,
      names,
      async (pending) => {
        const controller = await this.#cluster.controllerConnection();
        const response = await controller.request(deleteTopicsApi, {
          topics: [],
          topicNames: [...pending],
          timeoutMs,
        });
        return response.responses.map((r) => ({ name: r.name ?? "", errorCode: r.errorCode, errorMessage: null }));
      },
      "delete topic",
    );
    this.#cluster.invalidateMetadata();
    if (options.waitForRemoval !== false) await waitUntilTopicsGone(this.#cluster, names, timeoutMs);
  }

  /** Sets the total number of partitions of `topic` (it can only grow). */
  async createPartitions(topic: string, count: number, options: { timeoutMs?: number } = {}): Promise<void> {
    await perTopicWithRetry(
      this.#cluster,
      [topic],
      async () => {
        const controller = await this.#cluster.controllerConnection();
        const response = await controller.request(createPartitionsApi, {
          topics: [{ name: topic, count, assignments: null }],
          timeoutMs: options.timeoutMs ?? DEFAULT_ADMIN_TIMEOUT_MS,
          validateOnly: false,
        });
        return response.results;
      },
      "create partitions of topic",
    );
    this.#cluster.invalidateMetadata();
  }

  /**
   * Changes single configs of `topic` (IncrementalAlterConfigs): `set` keys take the given
   * values, `reset` keys return to their defaults; the others keep theirs.
   */
  async alterTopicConfigs(topic: string, changes: { set?: Readonly<Record<string, string>>; reset?: readonly string[] }): Promise<void> {
    const configs = [
      ...Object.entries(changes.set ?? {}).map(([name, value]) => ({ name, configOperation: SET_CONFIG, value })),
      ...(changes.reset ?? []).map((name) => ({ name, configOperation: DELETE_CONFIG, value: null })),
    ];
    await perTopicWithRetry(
      this.#cluster,
      [topic],
      async () => {
        const controller = await this.#cluster.controllerConnection();
        const response = await controller.request(incrementalAlterConfigs, { resources: [{ resourceType: TOPIC_RESOURCE, resourceName: topic, configs }], validateOnly: false });
        return response.responses.map((r) => ({ name: r.resourceName, errorCode: r.errorCode, errorMessage: r.errorMessage }));
      },
      "alter configs of topic",
    );
  }

  async listTopics(options: { includeInternal?: boolean } = {}): Promise<string[]> {
    return (await this.listTopicSummaries(options)).map((t) => t.name);
  }

  /** Topics with their partition count and replication factor, sorted by name. */
  async listTopicSummaries(options: { includeInternal?: boolean } = {}): Promise<TopicSummary[]> {
    const topics = await this.#cluster.retry(() => this.#cluster.refreshMetadata(null));
    return topics
      .filter((t) => t.errorCode === 0 && (options.includeInternal || !t.isInternal))
      .map((t) => ({
        name: t.name,
        partitions: t.partitions.length,
        replicationFactor: Math.max(0, ...t.partitions.map((p) => p.replicas.length)),
        isInternal: t.isInternal,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Partitions with leaders, replicas, ISR and offsets, plus configs where the broker has them. */
  async describeTopic(name: string): Promise<TopicDescription> {
    const topic = await this.#cluster.retry(() => this.#cluster.topic(name, { refresh: true }));
    const numbers = topic.partitions.map((p) => p.partition);
    const [earliest, latest, configs] = await Promise.all([
      listPartitionOffsets(this.#cluster, name, numbers, "earliest"),
      listPartitionOffsets(this.#cluster, name, numbers, "latest"),
      describeTopicConfigs(this.#cluster, name),
    ]);
    return {
      name,
      isInternal: topic.isInternal,
      partitions: topic.partitions.map((p) => ({
        partition: p.partition,
        leader: p.leader,
        replicas: p.replicas,
        isr: p.isr,
        logStartOffset: earliest.get(p.partition) ?? -1,
        highWatermark: latest.get(p.partition) ?? -1,
      })),
      configs,
    };
  }

  describeTopics(names: readonly string[]): Promise<TopicDescription[]> {
    return Promise.all(names.map((name) => this.describeTopic(name)));
  }

  listGroups(): Promise<GroupListing[]> {
    return this.#cluster.retry(() => listGroups(this.#cluster));
  }

  describeGroups(groupIds: readonly string[]): Promise<GroupDescription[]> {
    return Promise.all(groupIds.map((id) => describeGroup(this.#cluster, id)));
  }

  /** The group's committed offsets (OffsetFetch); partitions it never committed are absent. */
  fetchGroupOffsets(groupId: string): Promise<TopicPartitionOffset[]> {
    return fetchGroupOffsets(this.#cluster, groupId);
  }

  /** Committed offset, end offset and lag of every partition the group consumes (or of `topics`). */
  describeGroupLag(groupId: string, topics?: readonly string[]): Promise<PartitionLag[]> {
    return describeGroupLag(this.#cluster, groupId, topics);
  }

  /** Each partition's offset of the first record at or after `timestamp` (epoch ms), or its end. */
  offsetsForTimestamp(topic: string, timestamp: number): Promise<TopicPartitionOffset[]> {
    return offsetsForTimestamp(this.#cluster, topic, timestamp);
  }

  /** What resetGroupOffsets would commit, without committing it. */
  planGroupOffsetReset(groupId: string, reset: GroupOffsetReset): Promise<PlannedOffset[]> {
    return planGroupOffsetReset(this.#cluster, groupId, reset);
  }

  /**
   * Moves the group's committed offsets; only while it has no members (GroupNotEmptyError
   * otherwise), as Kafka requires. Answers the offsets committed.
   */
  async resetGroupOffsets(groupId: string, reset: GroupOffsetReset): Promise<PlannedOffset[]> {
    const plan = await planGroupOffsetReset(this.#cluster, groupId, reset);
    await commitGroupOffsets(
      this.#cluster,
      groupId,
      plan.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.newOffset })),
    );
    return plan;
  }

  /** Deletes a group without members, with its committed offsets (GroupNotEmptyError otherwise). */
  deleteGroup(groupId: string): Promise<void> {
    return deleteGroupOn(this.#cluster, groupId);
  }

  /**
   * Registers a SmartModule component as `name@version`; the broker checks it first
   * (a WebAssembly component of the freshet:smartmodule world that describes itself).
   * Loading the same bytes again is a no-op; other bytes under a loaded version are refused.
   * A module from the hub is loaded as `group/name` with `provenance`: the broker
   * verifies its signature over the component and refuses it (INVALID_REQUEST) when
   * that fails; the entry then lists where it came from.
   */
  loadSmartModule(name: string, version: string, component: Uint8Array, options: LoadSmartModuleOptions = {}): Promise<SmartModuleInfo> {
    return loadSmartModuleOn(this.#cluster, name, version, component, options);
  }

  listSmartModules(): Promise<SmartModuleInfo[]> {
    return this.#cluster.retry(() => listSmartModulesOn(this.#cluster));
  }

  /** A loaded module's component (the highest version when `version` is null or omitted), digest checked: for clients that run it themselves. */
  fetchSmartModule(name: string, version: string | null = null): Promise<FetchedSmartModule> {
    return this.#cluster.retry(() => fetchSmartModuleOn(this.#cluster, name, version));
  }

  /** Deletes one version, or every version when `version` is null or omitted. */
  deleteSmartModule(name: string, version: string | null = null): Promise<void> {
    return deleteSmartModuleOn(this.#cluster, name, version);
  }

  /** Sets (a number) or removes (null) client quotas, per entity; see client-quotas.ts. */
  alterClientQuotas(changes: readonly { entity: QuotaEntity; values: QuotaValues }[]): Promise<void> {
    return alterClientQuotasOn(this.#cluster, changes);
  }

  describeClientQuotas(): Promise<ClientQuotaEntry[]> {
    return describeClientQuotasOn(this.#cluster);
  }

  /** Creates ACL bindings (Kafka's CreateAcls); only the cluster's super users may, on a SASL listener. */
  createAcls(bindings: readonly AclBinding[]): Promise<void> {
    return createAclsOn(this.#cluster, bindings);
  }

  /** The ACL bindings matching `filter`, every one by default. */
  describeAcls(filter: AclBindingFilter = {}): Promise<AclBinding[]> {
    return describeAclsOn(this.#cluster, filter);
  }

  /** Deletes the ACL bindings matching any filter; answers those deleted. */
  deleteAcls(filters: readonly AclBindingFilter[]): Promise<AclBinding[]> {
    return deleteAclsOn(this.#cluster, filters);
  }

  /**
   * The spend cap's lever: caps every producer of the cluster without a quota of its own
   * at `bytesPerSecond` (the default user's producer_byte_rate), or lifts the cap (null).
   * Producers over it are throttled, not failed: the brokers still append and acknowledge
   * every write, and Kafka clients slow down by the throttle time they are told. Brokers
   * apply a change within a second or so (as soon as the controller's state reaches them).
   */
  setDefaultProducerByteRate(bytesPerSecond: number | null): Promise<void> {
    return this.alterClientQuotas([{ entity: { user: null }, values: { producerByteRate: bytesPerSecond } }]);
  }
}

import { isDeepStrictEqual } from "node:util";
import { every, sleep, type Cancel } from "../system/clock.js";
import type { EngineResources } from "../system/resources.js";
import { PartitionLog } from "../log/partition-log.js";
import { Partition } from "../topics/partition.js";
import type { TopicConfig } from "../topics/topic-config.js";
import { cleanPartitions } from "../topics/clean-partitions.js";
import type { TopicDefaults } from "../topics/topic-defaults.js";
import { logConfigFor } from "../topics/topic-registry.js";
import type { BrokerAddress, ReplicaAssignment, TopicChangeError, TopicDescription, TopicsView } from "../topics/topics-view.js";
import type { ClusterLink, ClusterStateView } from "./cluster-link.js";
import type { InternalLogin } from "../auth/credential-store.js";
import { claimPartitionDirectory } from "./partition-identity.js";
import { ReplicaFetcher } from "./replica-fetcher.js";
import type { IsrChanges } from "../metrics/isr-changes.js";

const PRODUCER_ID_BLOCK = 100;
/**
 * Another SPU may hand out an id from a block this SPU has not heard of yet (its
 * client can be faster than the state watch). Ids this close above the newest
 * known allocation wait that long for the news; anything further is refused at once.
 */
const PRODUCER_ID_LOOKAHEAD = 50 * PRODUCER_ID_BLOCK;
const PRODUCER_ID_NEWS_WAIT_MS = 2000;
/** How often leaders look for followers that fell out of (or back into) sync. */
const ISR_CHECK_INTERVAL_MS = 1000;

export interface ReplicaManagerOptions {
  readonly selfId: number;
  readonly dataDir: string;
  /** A follower not caught up for this long leaves the ISR (Kafka's replica.lag.time.max.ms). */
  readonly replicaLagMaxMs: number;
  /** How followers log in to leaders when the cluster requires SASL. */
  readonly internalLogin?: InternalLogin;
  /** Counts the ISR changes of partitions led here, when metrics are kept. */
  readonly isrChanges?: IsrChanges;
}

/**
 * The replicas one SPU of a cluster holds, driven by the controller's state: it
 * opens logs for partitions assigned here, makes each replica leader or follower
 * at the epoch the controller decided, runs one replica fetcher per leader, and
 * forwards ISR changes its leaders want. Everything it serves keeps working from
 * the last state it saw while the controller is away.
 */
export class ReplicaManager implements TopicsView {
  readonly #replicas = new Map<string, Partition>();
  readonly #fetchers = new Map<number, ReplicaFetcher>();
  readonly #roleListeners = new Set<() => void>();
  #state: ClusterStateView;
  #applying: Promise<void> = Promise.resolve();
  #producerIds = { next: 0, end: 0 };
  #foreignClusterReported = false;
  readonly #stopIsrChecks: Cancel;
  readonly #unsubscribe: () => void;

  private constructor(
    private readonly options: ReplicaManagerOptions,
    private readonly link: ClusterLink,
    private readonly resources: EngineResources,
    initial: ClusterStateView,
  ) {
    this.#state = initial;
    this.#unsubscribe = link.onState((state) => void this.apply(state));
    this.#stopIsrChecks = every(resources.clock, ISR_CHECK_INTERVAL_MS, () => {
      for (const partition of this.#replicas.values()) partition.checkIsr(options.replicaLagMaxMs);
    });
  }

  /** Waits for a controller state that lists this SPU as live, then brings local replicas in line with it. */
  static async start(options: ReplicaManagerOptions, link: ClusterLink, resources: EngineResources): Promise<ReplicaManager> {
    const registered = (state: ClusterStateView | null): state is ClusterStateView => state?.spus[String(options.selfId)]?.live === true;
    const now = link.current();
    const first = registered(now)
      ? now
      : await new Promise<ClusterStateView>((resolve) => {
          const unsubscribe = link.onState((state) => {
            if (!registered(state)) return;
            unsubscribe();
            resolve(state);
          });
        });
    const manager = new ReplicaManager(options, link, resources, first);
    await manager.apply(first);
    return manager;
  }

  get clusterId(): string {
    return this.#state.clusterId;
  }

  topicDefaults(): TopicDefaults | undefined {
    return this.#state.topicDefaults;
  }

  brokers(): BrokerAddress[] {
    return Object.entries(this.#state.spus)
      .filter(([, spu]) => spu.live)
      .map(([id, spu]) => ({ nodeId: Number(id), host: spu.host, port: spu.port }))
      .sort((a, b) => a.nodeId - b.nodeId);
  }

  controllerId(): number {
    return this.brokers()[0]?.nodeId ?? this.options.selfId;
  }

  list(): TopicDescription[] {
    return Object.keys(this.#state.topics).map((name) => this.describe(name)!);
  }

  describe(name: string): TopicDescription | undefined {
    const topic = this.#state.topics[name];
    if (topic === undefined) return undefined;
    return {
      name,
      id: topic.id,
      config: topic.config,
      explicitConfig: topic.explicitConfig,
      partitions: topic.partitions.map((p, index) => ({ index, leader: p.leader, leaderEpoch: p.leaderEpoch, replicas: p.replicas, isr: p.isr })),
    };
  }

  local(topic: string, index: number): Partition | undefined {
    return this.#replicas.get(`${topic}\0${index}`);
  }

  create(name: string, partitions: number, replicationFactor: number, config: TopicConfig, explicitConfig: readonly string[], assignment?: ReplicaAssignment): Promise<TopicChangeError | null> {
    return this.#thenSettled(this.link.createTopic(name, partitions, replicationFactor, config, explicitConfig, assignment), name);
  }

  ensureInternalTopic(name: string, partitions: number, replicationFactor: number, config: TopicConfig): Promise<TopicChangeError | null> {
    return this.#thenSettled(this.link.ensureTopic(name, partitions, replicationFactor, config), name);
  }

  delete(name: string): Promise<TopicChangeError | null> {
    return this.link.deleteTopic(name);
  }

  addPartitions(name: string, total: number): Promise<TopicChangeError | null> {
    return this.#thenSettled(this.link.addPartitions(name, total), name, (topic) => topic.partitions.length >= total);
  }

  alterConfig(name: string, config: TopicConfig, explicitConfig: readonly string[]): Promise<TopicChangeError | null> {
    return this.#thenSettled(this.link.alterTopicConfig(name, config, explicitConfig), name, (topic) => isDeepStrictEqual(topic.config, config));
  }

  /** After the controller accepted a change, wait until our view includes it, so clients see it at once. */
  async #thenSettled(change: Promise<TopicChangeError | null>, name: string, applied: (topic: ClusterStateView["topics"][string]) => boolean = () => true): Promise<TopicChangeError | null> {
    const problem = await change;
    if (problem !== null) return problem;
    const deadline = this.resources.clock.now() + 5000;
    const settled = () => {
      const topic = this.#state.topics[name];
      return topic !== undefined && applied(topic);
    };
    while (!settled() && this.resources.clock.now() < deadline) {
      await sleep(this.resources.clock, 10);
    }
    await this.#applying;
    return null;
  }

  async allocateProducerId(): Promise<number> {
    if (this.#producerIds.next >= this.#producerIds.end) {
      const block = await this.link.allocateProducerIds(PRODUCER_ID_BLOCK);
      this.#producerIds = { next: block.first, end: block.first + block.count };
    }
    return this.#producerIds.next++;
  }

  producerIdIssued(producerId: number): boolean | Promise<boolean> {
    const issuedBelow = (this.link.current() ?? this.#state).nextProducerId;
    if (producerId < issuedBelow) return true;
    if (producerId >= issuedBelow + PRODUCER_ID_LOOKAHEAD) return false;
    return new Promise((resolve) => {
      const finish = (issued: boolean) => {
        cancelTimer();
        unsubscribe();
        resolve(issued);
      };
      const cancelTimer = this.resources.clock.schedule(PRODUCER_ID_NEWS_WAIT_MS, () => finish(false));
      const unsubscribe = this.link.onState((state) => {
        if (producerId < state.nextProducerId) finish(true);
      });
    });
  }

  /** Applies a controller state; calls are serialized so a newer state never races an older one. */
  apply(state: ClusterStateView): Promise<void> {
    const run = this.#applying.then(() => this.#apply(state));
    this.#applying = run.catch((error: unknown) => this.resources.logger.error({ err: error }, "applying cluster state failed"));
    return this.#applying;
  }

  async #apply(state: ClusterStateView): Promise<void> {
    if (state.stateEpoch < this.#state.stateEpoch) return;
    if (state.clusterId !== this.#state.clusterId) {
      // A controller that lost its state starts a new cluster: applying it would drop every replica held here.
      if (!this.#foreignClusterReported) {
        this.resources.logger.error(
          { clusterId: state.clusterId, ours: this.#state.clusterId },
          "controller reports another cluster id; ignoring its state and keeping every replica (restore the controller's state file)",
        );
        this.#foreignClusterReported = true;
      }
      return;
    }
    const previous = this.#state;
    this.#state = state;
    const self = this.options.selfId;
    const wanted = new Set<string>();
    const unopened: string[] = [];
    let openError: unknown;
    for (const [name, topic] of Object.entries(state.topics)) {
      for (const [index, placement] of topic.partitions.entries()) {
        if (!placement.replicas.includes(self)) continue;
        const key = `${name}\0${index}`;
        wanted.add(key);
        // One replica that cannot be opened (EMFILE, a bad disk) must not keep every other one from its role.
        const open = this.#replicas.get(key);
        const partition =
          open ??
          (await this.#open(name, index, topic.id, topic.config).catch((error: unknown) => {
            unopened.push(`${name}-${index}`);
            openError = error;
            return undefined;
          }));
        if (open !== undefined && !isDeepStrictEqual(previous.topics[name]?.config, topic.config)) {
          open.log.reconfigure(logConfigFor(this.options.dataDir, name, index, topic.config));
        }
        if (partition !== undefined) this.#assignRole(partition, placement, state);
      }
    }
    if (unopened.length > 0) {
      const sample = unopened.slice(0, 10);
      this.resources.logger.error({ err: openError, replicas: sample, count: unopened.length }, "opening replicas failed; they are not served here until a later cluster state opens them");
    }
    for (const [key, partition] of [...this.#replicas]) {
      if (wanted.has(key)) continue;
      this.#replicas.delete(key);
      this.#fetcherFor(partition)?.remove(partition);
      partition.becomeFollower(partition.leaderEpoch, -1);
      await partition.log.delete();
      this.resources.logger.info({ topic: partition.topic, partition: partition.index }, "replica removed");
    }
    for (const listener of this.#roleListeners) listener();
  }

  /** Called after every applied state, once roles are assigned. */
  onRolesChanged(listener: () => void): () => void {
    this.#roleListeners.add(listener);
    return () => this.#roleListeners.delete(listener);
  }

  async #open(topic: string, index: number, topicId: string, config: TopicConfig): Promise<Partition> {
    const logConfig = logConfigFor(this.options.dataDir, topic, index, config);
    await claimPartitionDirectory(logConfig.dir, topicId, this.resources.logger);
    const log = await PartitionLog.open(logConfig, this.resources);
    const partition = new Partition(topic, index, log, this.resources.clock, this.options.selfId, 0);
    try {
      await partition.recoverProducers();
    } catch (error) {
      await log.close().catch(() => undefined);
      throw error;
    }
    partition.onIsrProposal = (isr) => void this.#proposeIsr(partition, isr);
    this.#replicas.set(`${topic}\0${index}`, partition);
    return partition;
  }

  #assignRole(partition: Partition, placement: ClusterStateView["topics"][string]["partitions"][number], state: ClusterStateView): void {
    const self = this.options.selfId;
    const sameEpoch = partition.leaderEpoch === placement.leaderEpoch;
    if (placement.leader === self) {
      if (partition.isLeader && sameEpoch) {
        this.options.isrChanges?.record(partition.isr, placement.isr);
        partition.isrConfirmed(placement.isr);
        return;
      }
      this.#fetcherFor(partition)?.remove(partition);
      partition
        .becomeLeader(placement.leaderEpoch, placement.replicas, placement.isr)
        .catch((error: unknown) => this.resources.logger.error({ err: error, topic: partition.topic, partition: partition.index }, "recording the leader epoch failed"));
      this.resources.logger.info({ topic: partition.topic, partition: partition.index, epoch: placement.leaderEpoch }, "became leader");
      return;
    }
    const role = partition.role;
    if (role.kind === "follower" && role.leaderId === placement.leader && sameEpoch) return;
    this.#fetcherFor(partition)?.remove(partition);
    partition.becomeFollower(placement.leaderEpoch, placement.leader);
    const leader = state.spus[String(placement.leader)];
    if (placement.leader < 0 || leader === undefined) return;
    let fetcher = this.#fetchers.get(placement.leader);
    if (fetcher === undefined || fetcher.leader.host !== leader.host || fetcher.leader.port !== leader.port) {
      void fetcher?.close();
      fetcher = new ReplicaFetcher({ nodeId: placement.leader, host: leader.host, port: leader.port }, self, this.resources, this.options.internalLogin);
      this.#fetchers.set(placement.leader, fetcher);
    }
    fetcher.add(partition);
  }

  #fetcherFor(partition: Partition): ReplicaFetcher | undefined {
    const role = partition.role;
    return role.kind === "follower" ? this.#fetchers.get(role.leaderId) : undefined;
  }

  readonly #isrInFlight = new Set<string>();
  /** Refused proposals are not repeated for a while: the controller's view has to change first. */
  readonly #isrRefused = new Map<string, { isr: string; at: number }>();

  async #proposeIsr(partition: Partition, isr: number[]): Promise<void> {
    const key = `${partition.topic}\0${partition.index}`;
    const refused = this.#isrRefused.get(key);
    if (this.#isrInFlight.has(key) || (refused?.isr === isr.join() && this.resources.clock.now() - refused.at < ISR_CHECK_INTERVAL_MS)) return;
    this.#isrInFlight.add(key);
    try {
      const accepted = await this.link.alterIsr(partition.topic, partition.index, partition.leaderEpoch, isr);
      if (accepted) this.#isrRefused.delete(key);
      else this.#isrRefused.set(key, { isr: isr.join(), at: this.resources.clock.now() });
      this.resources.logger.info({ topic: partition.topic, partition: partition.index, isr, accepted }, "isr change proposed");
    } catch (error) {
      this.resources.logger.warn({ err: error, topic: partition.topic, partition: partition.index }, "isr change failed");
    } finally {
      this.#isrInFlight.delete(key);
    }
  }

  async enforceRetention(): Promise<void> {
    for (const partition of this.#replicas.values()) await partition.log.enforceRetention();
  }

  /** One log-cleaner pass: followers compact on their own, as Kafka's do. */
  cleanLogs(): Promise<void> {
    return cleanPartitions([...this.#replicas.values()], this.resources.logger);
  }

  /**
   * Stops leading and following before the listener drains: acks=all produces still
   * waiting for followers are answered NOT_LEADER_OR_FOLLOWER (unacknowledged; the
   * client retries on the next leader) instead of holding the shutdown.
   */
  async stopServing(): Promise<void> {
    this.#stopIsrChecks();
    this.#unsubscribe();
    await this.#applying;
    for (const partition of this.#replicas.values()) partition.becomeFollower(partition.leaderEpoch, -1);
    await Promise.allSettled([...this.#fetchers.values()].map((f) => f.close()));
    this.#fetchers.clear();
  }

  /** Stops fetchers and timers and closes every log; safe to call twice. */
  async close(): Promise<void> {
    this.#stopIsrChecks();
    this.#unsubscribe();
    await this.#applying;
    await Promise.allSettled([...this.#fetchers.values()].map((f) => f.close()));
    this.#fetchers.clear();
    const failures: unknown[] = [];
    for (const partition of this.#replicas.values()) await partition.log.close().catch((e: unknown) => failures.push(e));
    this.#replicas.clear();
    if (failures.length > 0) throw new AggregateError(failures, "closing replica logs failed");
  }
}

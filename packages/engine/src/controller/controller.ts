import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { err, ok, type Result } from "@freshet/protocol/result";
import { applyAclChange, type AclChange } from "../acls/acl-bindings.js";
import { applyQuotaChanges, type QuotaChange } from "../quotas/client-quotas.js";
import type { EngineResources } from "../system/resources.js";
import type { TopicConfig } from "../topics/topic-config.js";
import type { ReplicaAssignment } from "../topics/topics-view.js";
import type { TopicDefaults } from "../topics/topic-defaults.js";
import { emptyClusterState, spuIds, type ClusterState, type ClusterStateView, type PartitionState, type TopicState } from "./cluster-state.js";
import type { ClusterStateStore } from "./cluster-state-store.js";
import { controllerError, type ControllerError } from "./controller-error.js";
import { applyIsrChange, type IsrChange } from "./isr-change.js";
import { fenceRestartedReplica, reconcilePartition, type SpuAvailability } from "./leader-election.js";
import { sameMembers, SpuLiveness } from "./spu-liveness.js";
import { partitionLimitProblem } from "../topics/partition-limit.js";
import { addTopic, growTopic, limitedPartitionCount, reconfigureTopic, removeTopic } from "./topic-changes.js";

export interface ControllerOptions {
  /** How often SPUs heartbeat; liveness is checked at the same period. Default 500 ms. */
  readonly heartbeatIntervalMs?: number;
  /** An SPU not heard from for this long is declared dead. Default 3000 ms. */
  readonly spuTimeoutMs?: number;
  /** The id of a cluster created by this controller; a random UUID by default. */
  readonly clusterId?: string;
  /** Most partitions the cluster's topics may have in all (internal topics aside), e.g. from a cloud plan. Unlimited when unset. */
  readonly maxPartitions?: number;
  /** How topics created without a count are made, on every SPU (the SC's --num-partitions). Default 1 partition. */
  readonly topicDefaults?: TopicDefaults;
}

export interface SpuStatus {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  readonly live: boolean;
  /** Milliseconds since its last heartbeat; null if none arrived since the controller started. */
  readonly lastHeartbeatAgeMs: number | null;
}

/** A change the controller made durable, and the state epoch that carries it. */
export type Committed<T> = Result<T & { readonly stateEpoch: number }, ControllerError>;

/** Refuses absurd producer-id blocks; the SPUs ask for small ones. */
export const MAX_PRODUCER_ID_BLOCK = 1_000_000;
/** Caps a long poll so a parked watch never outlives a client's patience by much. */
export const MAX_WATCH_WAIT_MS = 60_000;

type Change<T> = (draft: ClusterState, spus: SpuAvailability) => Result<T, ControllerError>;

/**
 * The streaming controller: the single writer of the cluster state. Every change
 * runs one at a time against a copy of the state, is saved to the store, and only
 * then becomes visible (to callers, watchers and the next change), so nothing is
 * acknowledged that a controller restart would forget.
 */
export class Controller {
  #state: ClusterState;
  #view: ClusterStateView;
  readonly #liveness: SpuLiveness;
  readonly #watchers = new Set<() => void>();
  #queue: Promise<unknown> = Promise.resolve();
  #cancelTick: () => void = () => undefined;
  #closed = false;
  #closing: Promise<void> | null = null;

  private constructor(
    private readonly store: ClusterStateStore,
    state: ClusterState,
    private readonly heartbeatIntervalMs: number,
    spuTimeoutMs: number,
    private readonly maxPartitions: number | null,
    private readonly topicDefaults: TopicDefaults,
    private readonly resources: EngineResources,
  ) {
    this.#state = state;
    this.#liveness = new SpuLiveness(spuIds(state), resources.clock.now(), spuTimeoutMs);
    this.#view = this.#buildView();
    this.#scheduleTick();
  }

  /** Loads the state (creating and saving an empty one for a new cluster) and starts liveness checks. */
  static async open(store: ClusterStateStore, options: ControllerOptions, resources: EngineResources): Promise<Controller> {
    let state = await store.load();
    if (state === null) {
      state = emptyClusterState(options.clusterId ?? randomUUID());
      await store.save(state);
    }
    const topicDefaults = options.topicDefaults ?? { numPartitions: 1 };
    return new Controller(store, state, options.heartbeatIntervalMs ?? 500, options.spuTimeoutMs ?? 3000, options.maxPartitions ?? null, topicDefaults, resources);
  }

  /** The newest state as SPUs see it. */
  get state(): ClusterStateView {
    return this.#view;
  }

  /**
   * Registers (or re-registers) an SPU. `incarnation` identifies the SPU process:
   * the same one reconnecting (e.g. after a controller restart) changes nothing, a
   * new one is a restarted SPU and is fenced out of ISRs and leaderships first.
   */
  registerSpu(id: number, host: string, port: number, incarnation = ""): Promise<Committed<object>> {
    if (!Number.isInteger(id) || id < 0 || id > 2 ** 31 - 1) return Promise.resolve(err(controllerError("INVALID_REQUEST", `SPU id ${id} is not a non-negative int32`)));
    if (host.length === 0 || !Number.isInteger(port) || port < 1 || port > 65_535) {
      return Promise.resolve(err(controllerError("INVALID_REQUEST", `SPU ${id} address ${host}:${port} is not valid`)));
    }
    return this.#serialize(() => {
      this.#liveness.observe(id, this.resources.clock.now());
      return this.#reconcile((draft, spus) => {
        const previous = draft.spus[String(id)];
        draft.spus[String(id)] = { host, port, incarnation };
        if (previous !== undefined && previous.incarnation !== incarnation) {
          this.resources.logger.info({ spu: id }, "SPU restarted: fencing it out of ISRs and leaderships until it catches up");
          for (const topic of Object.values(draft.topics)) {
            topic.partitions = topic.partitions.map((p) => fenceRestartedReplica(p, id, spus));
          }
        }
        return ok({});
      });
    });
  }

  /** Records that an SPU is alive; one coming back from the dead triggers elections. */
  heartbeat(id: number): Promise<Committed<object>> {
    if (this.#state.spus[String(id)] === undefined) {
      return Promise.resolve(err(controllerError("UNKNOWN_MEMBER_ID", `SPU ${id} is not registered`)));
    }
    this.#liveness.observe(id, this.resources.clock.now());
    if (!this.#liveness.needsReconciliation(this.#liveAt())) return Promise.resolve(ok({ stateEpoch: this.#state.stateEpoch }));
    return this.#serialize(() => this.#reconcile(() => ok({})));
  }

  /** Declares SPUs dead or alive by their heartbeats and moves leaderships accordingly. */
  async tick(): Promise<void> {
    await this.#serialize(async () => {
      if (this.#liveness.needsReconciliation(this.#liveAt())) await this.#reconcile(() => ok({}));
    });
  }

  createTopic(
    name: string,
    partitions: number,
    replicationFactor: number,
    config: TopicConfig,
    explicitConfig: readonly string[],
    assignment: ReplicaAssignment = [],
  ): Promise<Committed<{ topic: TopicState }>> {
    return this.#change(
      this.#withinPartitionLimit((draft, spus) => {
        const topic = { name, partitions, replicationFactor, config, explicitConfig, internal: false, assignment };
        const added = addTopic(draft, topic, eligibleIds(spus), randomUUID(), this.resources.clock.now());
        return added.ok ? ok({ topic: added.value }) : added;
      }),
    );
  }

  /** Creates an internal topic unless it exists; an existing one is returned as it is. */
  ensureTopic(name: string, partitions: number, replicationFactor: number, config: TopicConfig): Promise<Committed<{ topic: TopicState; created: boolean }>> {
    return this.#change<{ topic: TopicState; created: boolean }>((draft, spus) => {
      const existing = draft.topics[name];
      if (existing !== undefined) return ok({ topic: existing, created: false });
      const added = addTopic(draft, { name, partitions, replicationFactor, config, explicitConfig: [], internal: true }, eligibleIds(spus), randomUUID(), this.resources.clock.now());
      return added.ok ? ok({ topic: added.value, created: true }) : added;
    });
  }

  deleteTopic(name: string): Promise<Committed<object>> {
    return this.#change((draft) => {
      const removed = removeTopic(draft, name);
      return removed.ok ? ok({}) : removed;
    });
  }

  addPartitions(name: string, total: number): Promise<Committed<{ topic: TopicState }>> {
    return this.#change(
      this.#withinPartitionLimit((draft, spus) => {
        const grown = growTopic(draft, name, total, eligibleIds(spus));
        return grown.ok ? ok({ topic: grown.value }) : grown;
      }),
    );
  }

  /** `change`, refused with POLICY_VIOLATION when it would take the cluster past --max-partitions. */
  #withinPartitionLimit<T>(change: Change<T>): Change<T> {
    return (draft, spus) => {
      const before = limitedPartitionCount(draft);
      const changed = change(draft, spus);
      if (!changed.ok) return changed;
      const problem = partitionLimitProblem(before, limitedPartitionCount(draft) - before, this.maxPartitions);
      return problem === null ? changed : err(controllerError(problem.errorName, problem.message));
    };
  }

  /** Applies client quota changes (validated by the SPU that took the request), all or none. */
  alterClientQuotas(changes: readonly QuotaChange[]): Promise<Committed<object>> {
    return this.#change((draft) => {
      draft.quotas = applyQuotaChanges(draft.quotas, changes);
      return ok({});
    });
  }

  /** Applies an ACL change (validated by the SPU that took the request), all or none. */
  alterAcls(change: AclChange): Promise<Committed<object>> {
    return this.#change((draft) => {
      draft.acls = applyAclChange(draft.acls, change);
      return ok({});
    });
  }

  alterTopicConfig(name: string, config: TopicConfig, explicitConfig: readonly string[]): Promise<Committed<{ topic: TopicState }>> {
    return this.#change((draft) => {
      const changed = reconfigureTopic(draft, name, config, explicitConfig);
      return changed.ok ? ok({ topic: changed.value }) : changed;
    });
  }

  /** Reserves `count` producer ids; the block is durable before anyone may use it. */
  allocateProducerIds(count: number): Promise<Committed<{ first: number; count: number }>> {
    if (!Number.isInteger(count) || count < 1 || count > MAX_PRODUCER_ID_BLOCK) {
      return Promise.resolve(err(controllerError("INVALID_REQUEST", `producer id block size must be 1..${MAX_PRODUCER_ID_BLOCK}, got ${count}`)));
    }
    return this.#change((draft) => {
      const first = draft.nextProducerId;
      draft.nextProducerId += count;
      return ok({ first, count });
    });
  }

  alterIsr(change: IsrChange): Promise<Committed<{ partition: PartitionState }>> {
    return this.#change((draft, spus) => {
      const applied = applyIsrChange(draft, change, spus.live);
      return applied.ok ? ok({ partition: applied.value }) : applied;
    });
  }

  /**
   * The state as soon as its epoch differs from `knownEpoch` (a long poll): at
   * once if it already does, else on the next change, after `maxWaitMs`, when
   * `signal` aborts or when the controller closes, whichever comes first.
   */
  watch(knownEpoch: number, maxWaitMs: number, signal?: AbortSignal): Promise<ClusterStateView> {
    if (this.#view.stateEpoch !== knownEpoch || this.#closed || signal?.aborted === true) return Promise.resolve(this.#view);
    return new Promise((resolve) => {
      const finish = () => {
        this.#watchers.delete(finish);
        cancelTimer();
        signal?.removeEventListener("abort", finish);
        resolve(this.#view);
      };
      const cancelTimer = this.resources.clock.schedule(Math.min(Math.max(0, maxWaitMs), MAX_WATCH_WAIT_MS), finish);
      signal?.addEventListener("abort", finish, { once: true });
      this.#watchers.add(finish);
    });
  }

  /** Every registered SPU with its liveness, for operators. */
  spus(): SpuStatus[] {
    const now = this.resources.clock.now();
    return spuIds(this.#state).map((id) => {
      const address = this.#state.spus[String(id)]!;
      return { id, host: address.host, port: address.port, live: this.#liveness.declared.has(id), lastHeartbeatAgeMs: this.#liveness.heartbeatAge(id, now) };
    });
  }

  /** Stops liveness checks, answers parked watches and waits for the change in progress. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      this.#cancelTick();
      for (const finish of [...this.#watchers]) finish();
      await this.#queue.catch(() => undefined);
    })();
    return this.#closing;
  }

  #scheduleTick(): void {
    if (this.#closed) return;
    this.#cancelTick = this.resources.clock.schedule(this.heartbeatIntervalMs, () => {
      this.tick().then(
        () => this.#scheduleTick(),
        (error: unknown) => {
          this.resources.logger.error({ err: error }, "controller liveness check failed");
          this.#scheduleTick();
        },
      );
    });
  }

  /** Registered SPUs heard from within the timeout. */
  #liveAt(): Set<number> {
    return new Set([...this.#liveness.liveAt(this.resources.clock.now())].filter((id) => this.#state.spus[String(id)] !== undefined));
  }

  #serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #change<T extends object>(change: Change<T>): Promise<Committed<T>> {
    return this.#serialize(() => {
      const live = this.#liveness.declared;
      return this.#commit(change, { live, eligible: this.#liveness.eligibleAmong(live) }, null);
    });
  }

  /** Runs `change`, then re-elects every partition against the SPUs live now, declaring that live set. */
  #reconcile<T extends object>(change: Change<T>): Promise<Committed<T>> {
    // Not filtered by the current registrations: `change` may register an SPU (the commit filters by the draft).
    const live = this.#liveness.liveAt(this.resources.clock.now());
    const spus = { live, eligible: this.#liveness.eligibleAmong(live) };
    return this.#commit(
      (draft, available) => {
        const changed = change(draft, available);
        if (!changed.ok) return changed;
        for (const topic of Object.values(draft.topics)) {
          const unclean = topic.config["unclean.leader.election.enable"];
          topic.partitions = topic.partitions.map((p) => reconcilePartition(p, unclean, available));
        }
        return changed;
      },
      spus,
      live,
    );
  }

  async #commit<T extends object>(change: Change<T>, spus: SpuAvailability, declareLive: ReadonlySet<number> | null): Promise<Committed<T>> {
    if (this.#closed) return err(controllerError("NOT_CONTROLLER", "the controller is shutting down"));
    const draft = structuredClone(this.#state);
    const registered = (ids: ReadonlySet<number>) => new Set([...ids].filter((id) => draft.spus[String(id)] !== undefined));
    const outcome = change(draft, { live: registered(spus.live), eligible: registered(spus.eligible) });
    if (!outcome.ok) return outcome;
    const liveChanged = declareLive !== null && !sameMembers(registered(declareLive), this.#liveness.declared);
    if (!liveChanged && isDeepStrictEqual(draft, this.#state)) {
      if (declareLive !== null) this.#liveness.declare(registered(declareLive));
      return ok({ ...outcome.value, stateEpoch: this.#state.stateEpoch });
    }
    draft.stateEpoch = this.#state.stateEpoch + 1;
    try {
      await this.store.save(draft);
    } catch (cause) {
      this.resources.logger.error({ err: cause, stateEpoch: draft.stateEpoch }, "saving the cluster state failed");
      return err(controllerError("KAFKA_STORAGE_ERROR", `the cluster state could not be saved: ${(cause as Error).message}`));
    }
    this.#state = draft;
    if (declareLive !== null) this.#liveness.declare(registered(declareLive));
    this.#view = this.#buildView();
    for (const finish of [...this.#watchers]) finish();
    return ok({ ...outcome.value, stateEpoch: draft.stateEpoch });
  }

  #buildView(): ClusterStateView {
    const live = this.#liveness.declared;
    const spus = Object.fromEntries(Object.entries(this.#state.spus).map(([id, address]) => [id, { ...address, live: live.has(Number(id)) }]));
    return { ...this.#state, spus, topicDefaults: this.topicDefaults };
  }
}

function eligibleIds(spus: SpuAvailability): number[] {
  return [...spus.eligible].sort((a, b) => a - b);
}

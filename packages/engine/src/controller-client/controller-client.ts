import type { ApiDefinition, RequestOf, ResponseOf } from "@freshet/protocol/messages/define";
import { errorName as errorNameOf, type ErrorName } from "@freshet/protocol/errors/error-codes";
import {
  allocateProducerIds,
  alterIsr,
  controllerDeleteSmartModule,
  controllerListSmartModules,
  controllerLoadSmartModule,
  createPartitions,
  alterAclsChange,
  alterClientQuotasChange,
  alterTopicConfig,
  createTopic,
  deleteTopic,
  describeCluster,
  fetchSmartModule,
  registerSpu,
  spuHeartbeat,
  watchClusterState,
} from "@freshet/protocol/messages/freshet/controller-api";
import type { Logger } from "../system/logger.js";
import type { SmartModuleController } from "../smartmodules/controller-registry.js";
import { entryFromWire } from "../smartmodules/entry-wire.js";
import type { RegistryProblem, RegistryResult, SmartModuleEntry } from "../smartmodules/registry.js";
import type { AclChange } from "../acls/acl-bindings.js";
import type { QuotaChange } from "../quotas/client-quotas.js";
import type { TopicConfig } from "../topics/topic-config.js";
import type { ReplicaAssignment } from "../topics/topics-view.js";
import { parseClusterStateView, type ClusterStateView } from "../controller/cluster-state.js";
import { ControllerConnection } from "./controller-connection.js";
import { controllerError, controllerErrorFromCode, ControllerRequestError, type ControllerError } from "../controller/controller-error.js";
import type { SpuStatus } from "../controller/controller.js";
import { systemClock, type Clock } from "../system/clock.js";

export interface ControllerClientOptions {
  readonly host: string;
  readonly port: number;
  /** The cluster's controller secret (controller-secret.ts): every connection proves it holds it. */
  readonly secret: Uint8Array;
  /** The SPU this client speaks for: registered on every connection and kept live by heartbeats. Omit for admin-only use. */
  readonly spu?: { readonly id: number; readonly host: string; readonly port: number; readonly incarnation?: string };
  /** Follow the cluster state (default true). */
  readonly watch?: boolean;
  /** Default 500 ms. */
  readonly heartbeatIntervalMs?: number;
  /** How long a SmartModule load or fetch may take (the controller compiles what it loads). Default 60000 ms. */
  readonly smartModuleTimeoutMs?: number;
  /** How long one request may go unanswered before its connection is dropped. Default 5000 ms. */
  readonly requestTimeoutMs?: number;
  /** How long the controller may hold a watch with nothing new. Default 10000 ms. */
  readonly watchMaxWaitMs?: number;
  /** First reconnect delay, doubled per failure up to `maxRetryBackoffMs`. Defaults 100 and 2000 ms. */
  readonly retryBackoffMs?: number;
  readonly maxRetryBackoffMs?: number;
  readonly clientId?: string;
}

export interface ControllerClientResources {
  readonly logger: Logger;
  readonly clock?: Clock;
}

export interface ClusterDescription {
  readonly spus: SpuStatus[];
  readonly state: ClusterStateView;
}

/**
 * How an SPU (or an admin tool) talks to the controller. Two connections, because
 * answers on one leave in request order and a parked watch would hold heartbeats
 * back: one carries the long-polling watch, the other everything else. When the
 * controller is down or restarting, loops retry with backoff and the last state
 * received stays current, which is what lets SPUs keep serving meanwhile.
 */
export class ControllerClient implements SmartModuleController {
  readonly #options: Required<Omit<ControllerClientOptions, "spu">> & Pick<ControllerClientOptions, "spu">;
  readonly #clock: Clock;
  readonly #requests: ConnectionSlot;
  readonly #watches: ConnectionSlot;
  /** SmartModule calls get their own connection: a load runs for seconds and must not hold heartbeats back. */
  readonly #modules: ConnectionSlot;
  readonly #listeners = new Set<(state: ClusterStateView) => void>();
  readonly #sleepers = new Set<() => void>();
  /** Rejects the pending waitForState calls; run on close. */
  readonly #abandonWaits = new Set<() => void>();
  readonly #loops: Promise<void>[] = [];
  #state: ClusterStateView | null = null;
  #reachable = false;
  #closed = false;
  #closing: Promise<void> | null = null;

  constructor(
    options: ControllerClientOptions,
    private readonly resources: ControllerClientResources,
  ) {
    this.#options = {
      host: options.host,
      port: options.port,
      secret: options.secret,
      spu: options.spu,
      watch: options.watch ?? true,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 500,
      smartModuleTimeoutMs: options.smartModuleTimeoutMs ?? 60_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 5000,
      watchMaxWaitMs: options.watchMaxWaitMs ?? 10_000,
      retryBackoffMs: options.retryBackoffMs ?? 100,
      maxRetryBackoffMs: options.maxRetryBackoffMs ?? 2000,
      clientId: options.clientId ?? (options.spu !== undefined ? `spu-${options.spu.id}` : "freshet-admin"),
    };
    this.#clock = resources.clock ?? systemClock;
    const connect = { host: options.host, port: options.port, secret: options.secret, clientId: this.#options.clientId, timeoutMs: this.#options.requestTimeoutMs };
    this.#requests = new ConnectionSlot(connect, this.#clock);
    this.#watches = new ConnectionSlot(connect, this.#clock);
    this.#modules = new ConnectionSlot({ ...connect, timeoutMs: this.#options.smartModuleTimeoutMs }, this.#clock);
    if (options.spu !== undefined) this.#loops.push(this.#heartbeatLoop(options.spu));
    if (this.#options.watch) this.#loops.push(this.#watchLoop());
  }

  /** The newest state received; null until the first arrives. */
  current(): ClusterStateView | null {
    return this.#state;
  }

  /** Whether the controller answered the last heartbeat (the last watch for clients without an SPU); false until it has. */
  get reachable(): boolean {
    return this.#reachable;
  }

  /** Calls `listener` with every new state; returns the unsubscribe function. */
  onState(listener: (state: ClusterStateView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The first state (the current one included) that satisfies `predicate`; rejects after `timeoutMs`. */
  waitForState(predicate: (state: ClusterStateView) => boolean, timeoutMs: number): Promise<ClusterStateView> {
    if (this.#state !== null && predicate(this.#state)) return Promise.resolve(this.#state);
    if (this.#closed) return Promise.reject(new ControllerRequestError(controllerError("NOT_CONTROLLER", "the controller client is closed")));
    return new Promise((resolve, reject) => {
      const stop = () => {
        unsubscribe();
        cancelTimer();
        this.#abandonWaits.delete(abandon);
      };
      const unsubscribe = this.onState((state) => {
        if (!predicate(state)) return;
        stop();
        resolve(state);
      });
      const cancelTimer = this.#clock.schedule(timeoutMs, () => {
        stop();
        reject(new ControllerRequestError(controllerError("REQUEST_TIMED_OUT", `no matching cluster state within ${timeoutMs} ms`)));
      });
      const abandon = () => {
        stop();
        reject(new ControllerRequestError(controllerError("NOT_CONTROLLER", "the controller client closed")));
      };
      this.#abandonWaits.add(abandon);
    });
  }

  createTopic(
    name: string,
    partitions: number,
    replicationFactor: number,
    config: TopicConfig,
    explicitConfig: readonly string[],
    assignment: ReplicaAssignment = [],
  ): Promise<ControllerError | null> {
    const request = {
      name,
      partitions,
      replicationFactor,
      config: JSON.stringify(config),
      explicitConfig: [...explicitConfig],
      internal: false,
      assignments: assignment.map((replicas) => [...replicas]),
    };
    return this.#change(createTopic, request);
  }

  /** Creates an internal topic (`__` names allowed) unless it exists. */
  ensureTopic(name: string, partitions: number, replicationFactor: number, config: TopicConfig): Promise<ControllerError | null> {
    return this.#change(createTopic, { name, partitions, replicationFactor, config: JSON.stringify(config), explicitConfig: [], internal: true, assignments: [] });
  }

  deleteTopic(name: string): Promise<ControllerError | null> {
    return this.#change(deleteTopic, { name });
  }

  alterClientQuotas(changes: readonly QuotaChange[]): Promise<ControllerError | null> {
    return this.#change(alterClientQuotasChange, { changes: JSON.stringify(changes) });
  }

  alterAcls(change: AclChange): Promise<ControllerError | null> {
    return this.#change(alterAclsChange, { change: JSON.stringify(change) });
  }

  alterTopicConfig(name: string, config: TopicConfig, explicitConfig: readonly string[]): Promise<ControllerError | null> {
    return this.#change(alterTopicConfig, { name, config: JSON.stringify(config), explicitConfig: [...explicitConfig] });
  }

  addPartitions(name: string, total: number): Promise<ControllerError | null> {
    return this.#change(createPartitions, { name, totalCount: total });
  }

  /** A durable block of producer ids; throws ControllerRequestError when refused or unreachable. */
  async allocateProducerIds(count: number): Promise<{ first: number; count: number }> {
    const response = await this.#call(allocateProducerIds, { count });
    if (response.errorCode !== 0) throw new ControllerRequestError(controllerErrorFromCode(response.errorCode, response.errorMessage));
    return { first: Number(response.firstProducerId), count: response.count };
  }

  /**
   * Asks the controller to record `isr` for a partition this SPU leads at
   * `leaderEpoch`. False when refused (fenced by a newer election, or invalid);
   * throws ControllerRequestError when the controller cannot be reached.
   */
  async alterIsr(topic: string, partition: number, leaderEpoch: number, isr: readonly number[]): Promise<boolean> {
    const spu = this.#options.spu;
    if (spu === undefined) throw new Error("alterIsr needs a client created for an SPU");
    const response = await this.#call(alterIsr, { topic, partition, leaderId: spu.id, leaderEpoch, isr: [...isr] });
    if (response.errorCode !== 0) {
      this.resources.logger.info({ topic, partition, leaderEpoch, isr, error: response.errorMessage }, "controller refused an ISR change");
      return false;
    }
    await this.#caughtUp(Number(response.stateEpoch));
    return true;
  }

  async describeCluster(): Promise<ClusterDescription> {
    const response = await this.#call(describeCluster, {});
    if (response.errorCode !== 0) throw new ControllerRequestError(controllerErrorFromCode(response.errorCode, response.errorMessage));
    const state = parseClusterStateView(response.state);
    if (!state.ok) throw new ControllerRequestError(controllerError("UNKNOWN_SERVER_ERROR", state.message));
    const spus = response.spus.map((s) => ({
      id: s.spuId,
      host: s.host,
      port: s.port,
      live: s.live,
      lastHeartbeatAgeMs: s.lastHeartbeatAgeMs < 0n ? null : Number(s.lastHeartbeatAgeMs),
    }));
    return { spus, state: state.value };
  }

  async loadSmartModule(name: string, version: string, component: Uint8Array, provenance: string | null): Promise<RegistryResult<SmartModuleEntry>> {
    const response = await this.#moduleCall(controllerLoadSmartModule, { name, version, component, provenance });
    if (!response.ok) return response;
    if (response.value.errorCode !== 0) return { ok: false, error: problemOf(response.value) };
    const entry = entryFromWire(response.value);
    return entry.ok ? entry : { ok: false, error: { errorName: "UNKNOWN_SERVER_ERROR", message: entry.message } };
  }

  async listSmartModules(): Promise<RegistryResult<SmartModuleEntry[]>> {
    const response = await this.#moduleCall(controllerListSmartModules, {});
    if (!response.ok) return response;
    if (response.value.errorCode !== 0) return { ok: false, error: problemOf(response.value) };
    const entries: SmartModuleEntry[] = [];
    for (const wire of response.value.entries) {
      const entry = entryFromWire(wire);
      if (!entry.ok) return { ok: false, error: { errorName: "UNKNOWN_SERVER_ERROR", message: entry.message } };
      entries.push(entry.value);
    }
    return { ok: true, value: entries };
  }

  async deleteSmartModule(name: string, version: string | null): Promise<RegistryProblem | null> {
    const response = await this.#moduleCall(controllerDeleteSmartModule, { name, version });
    if (!response.ok) return response.error;
    return response.value.errorCode === 0 ? null : problemOf(response.value);
  }

  async fetchSmartModule(digest: string): Promise<RegistryResult<Uint8Array>> {
    const response = await this.#moduleCall(fetchSmartModule, { digest });
    if (!response.ok) return response;
    if (response.value.errorCode !== 0) return { ok: false, error: problemOf(response.value) };
    // A view into the response frame; callers keep it.
    return { ok: true, value: response.value.component.slice() };
  }

  /** Stops the loops, drops every connection and cancels every timer. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      this.#requests.close();
      this.#watches.close();
      this.#modules.close();
      for (const wake of [...this.#sleepers]) wake();
      for (const abandon of [...this.#abandonWaits]) abandon();
      await Promise.allSettled(this.#loops);
    })();
    return this.#closing;
  }

  async #call<A extends ApiDefinition>(api: A, body: RequestOf<A>, timeoutMs = this.#options.requestTimeoutMs, slot = this.#requests): Promise<ResponseOf<A>> {
    if (this.#closed) throw new ControllerRequestError(controllerError("NOT_CONTROLLER", "the controller client is closed"));
    const connection = await slot.get();
    return connection.request(api, body, timeoutMs);
  }

  /** A SmartModule call; an unreachable controller becomes a problem to report, like a refusal. */
  async #moduleCall<A extends ApiDefinition>(api: A, body: RequestOf<A>): Promise<RegistryResult<ResponseOf<A>>> {
    try {
      return { ok: true, value: await this.#call(api, body, this.#options.smartModuleTimeoutMs, this.#modules) };
    } catch (cause) {
      if (cause instanceof ControllerRequestError) return { ok: false, error: { errorName: cause.error.errorName, message: `the controller: ${cause.error.message}` } };
      throw cause;
    }
  }

  /** Sends a change; once accepted, waits (boundedly) until the watched state includes it, so callers see their own change. */
  async #change<A extends ApiDefinition>(api: A, body: RequestOf<A>): Promise<ControllerError | null> {
    let response: { errorCode: number; errorMessage: string | null; stateEpoch: bigint };
    try {
      response = (await this.#call(api, body)) as typeof response;
    } catch (cause) {
      if (cause instanceof ControllerRequestError) return cause.error;
      throw cause;
    }
    if (response.errorCode !== 0) return controllerErrorFromCode(response.errorCode, response.errorMessage);
    await this.#caughtUp(Number(response.stateEpoch));
    return null;
  }

  async #caughtUp(stateEpoch: number): Promise<void> {
    if (!this.#options.watch || this.#closed) return;
    try {
      await this.waitForState((state) => state.stateEpoch >= stateEpoch, this.#options.requestTimeoutMs);
    } catch {
      // The change is durable; a watch that lags (the controller just went away) only delays seeing it.
    }
  }

  async #heartbeatLoop(spu: { id: number; host: string; port: number; incarnation?: string }): Promise<void> {
    let registeredOn: ControllerConnection | null = null;
    let failures = 0;
    while (!this.#closed) {
      try {
        const connection = await this.#requests.get();
        // Registering on every new connection covers a controller that lost or never had us.
        const register = registeredOn !== connection;
        const response = register
          ? await connection.request(registerSpu, { spuId: spu.id, host: spu.host, port: spu.port, incarnation: spu.incarnation ?? "" }, this.#options.requestTimeoutMs)
          : await connection.request(spuHeartbeat, { spuId: spu.id }, this.#options.requestTimeoutMs);
        if (response.errorCode !== 0) {
          registeredOn = null;
          throw new ControllerRequestError(controllerErrorFromCode(response.errorCode, response.errorMessage));
        }
        if (register) this.resources.logger.info({ spu: spu.id, stateEpoch: Number(response.stateEpoch) }, "registered with the controller");
        registeredOn = connection;
        this.#reachable = true;
        failures = 0;
        await this.#sleep(this.#options.heartbeatIntervalMs);
      } catch (error) {
        failures++;
        this.#reachable = false;
        if (failures === 1 && !this.#closed) this.resources.logger.warn({ err: error, spu: spu.id }, "controller heartbeat failed; retrying");
        await this.#sleep(this.#backoff(failures));
      }
    }
  }

  async #watchLoop(): Promise<void> {
    let failures = 0;
    while (!this.#closed) {
      try {
        const known = this.#state?.stateEpoch ?? -1;
        const response = await this.#call(
          watchClusterState,
          { knownStateEpoch: BigInt(known), maxWaitMs: this.#options.watchMaxWaitMs },
          this.#options.watchMaxWaitMs + this.#options.requestTimeoutMs,
          this.#watches,
        );
        if (response.errorCode !== 0) throw new ControllerRequestError(controllerErrorFromCode(response.errorCode, response.errorMessage));
        failures = 0;
        if (this.#options.spu === undefined) this.#reachable = true;
        // The controller is the single writer: a different epoch (even a lower one, from a rebuilt controller) is the truth.
        if (Number(response.stateEpoch) !== known) this.#deliver(response.state);
      } catch (error) {
        failures++;
        if (this.#options.spu === undefined) this.#reachable = false;
        if (failures === 1 && !this.#closed) this.resources.logger.warn({ err: error }, "watching the controller failed; keeping the last state and retrying");
        await this.#sleep(this.#backoff(failures));
      }
    }
  }

  #deliver(text: string): void {
    const parsed = parseClusterStateView(text);
    if (!parsed.ok) throw new ControllerRequestError(controllerError("UNKNOWN_SERVER_ERROR", parsed.message));
    this.#state = parsed.value;
    for (const listener of [...this.#listeners]) {
      try {
        listener(parsed.value);
      } catch (error) {
        this.resources.logger.error({ err: error }, "cluster state listener failed");
      }
    }
  }

  #backoff(failures: number): number {
    const ceiling = Math.min(this.#options.maxRetryBackoffMs, this.#options.retryBackoffMs * 2 ** Math.min(failures - 1, 16));
    // Jitter keeps SPUs that lost the controller together from reconnecting in lockstep.
    return Math.round(ceiling * (0.8 + Math.random() * 0.4));
  }

  /** Waits `ms`, or less if the client closes. */
  #sleep(ms: number): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.#sleepers.delete(wake);
        cancelTimer();
        resolve();
      };
      const cancelTimer = this.#clock.schedule(ms, wake);
      this.#sleepers.add(wake);
    });
  }
}

function problemOf(response: { errorCode: number; errorMessage: string | null }): RegistryProblem {
  const name = errorNameOf(response.errorCode);
  const known: ErrorName = name.startsWith("UNKNOWN_ERROR_") ? "UNKNOWN_SERVER_ERROR" : (name as ErrorName);
  return { errorName: known, message: response.errorMessage ?? name };
}

/** One connection, made on first use and remade after it fails; concurrent users share one attempt. */
class ConnectionSlot {
  #connection: ControllerConnection | null = null;
  #connecting: Promise<ControllerConnection> | null = null;
  #closed = false;

  constructor(
    private readonly address: { host: string; port: number; secret: Uint8Array; clientId: string; timeoutMs: number },
    private readonly clock: Clock,
  ) {}

  get(): Promise<ControllerConnection> {
    if (this.#closed) return Promise.reject(new ControllerRequestError(controllerError("NOT_CONTROLLER", "the controller client is closed")));
    if (this.#connecting !== null) return this.#connecting;
    if (this.#connection !== null && !this.#connection.closed) return Promise.resolve(this.#connection);
    const { clientId, timeoutMs, secret } = this.address;
    this.#connecting = ControllerConnection.connect(this.address, { clientId, timeoutMs, secret }, this.clock).then(
      (connection) => {
        this.#connecting = null;
        // Closed while connecting: leave no socket behind.
        if (this.#closed) {
          connection.close();
          throw new ControllerRequestError(controllerError("NOT_CONTROLLER", "the controller client is closed"));
        }
        this.#connection = connection;
        return connection;
      },
      (error: unknown) => {
        this.#connecting = null;
        throw error;
      },
    );
    return this.#connecting;
  }

  close(): void {
    this.#closed = true;
    this.#connection?.close();
  }
}

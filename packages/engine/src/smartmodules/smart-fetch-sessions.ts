import type { SmartModuleChain } from "@freshet/smartmodule/chain/chain";
import { SmartModuleError, type SmartModuleErrorKind } from "@freshet/smartmodule/errors";
import type { ErrorName } from "@freshet/protocol/errors/error-codes";
import { assertNever } from "../system/assert-never.js";
import { every, type Cancel } from "../system/clock.js";
import type { EngineResources } from "../system/resources.js";
import type { ChainSpec } from "./chain-spec.js";
import type { ChainOpener } from "./open-chain.js";
import type { RegistryProblem, RegistryResult } from "./registry.js";

/** Chains one connection may hold open at once: each step of each is a worker thread. */
export const MAX_SESSIONS_PER_CONNECTION = 32;

/** One consumer's chain over one partition, alive between its SmartFetch requests. */
export class SmartFetchSession {
  lastUsed: number;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: number,
    readonly connectionId: number,
    readonly topic: string,
    readonly partition: number,
    readonly chain: SmartModuleChain,
    now: number,
  ) {
    this.lastUsed = now;
  }

  /** Runs `work` after the session's earlier requests: reads and the chain's state advance in request order. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/** Why a chain failed, as the Kafka error code a SmartFetch answer carries next to the module's message. */
export function errorNameOf(kind: SmartModuleErrorKind): ErrorName {
  switch (kind) {
    case "not-found":
      return "RESOURCE_NOT_FOUND";
    case "invalid-module":
    case "invalid-params":
      return "INVALID_CONFIG";
    case "timeout":
    case "trap":
    case "failed":
      // Kafka has no code for "the consumer's own code failed"; the message says which module and why.
      return "UNKNOWN_SERVER_ERROR";
    case "overloaded":
      // Not retried by clients: the reader is told at once, and ends another stream or waits.
      return "THROTTLING_QUOTA_EXCEEDED";
    case "quarantined":
      return "POLICY_VIOLATION";
    default:
      return assertNever(kind, "SmartModule error kind");
  }
}

export interface SmartFetchSessionSettings {
  readonly idleMs: number;
}

/**
 * The SmartFetch sessions of every connection, keyed by (connection, session id).
 * A connection's sessions close when it does (`abandoned`, which also fires at
 * broker shutdown) and any session closes once idle for `idleMs`; the sweep timer
 * runs only while sessions exist, so an idle broker holds no timer.
 */
export class SmartFetchSessions {
  readonly #byConnection = new Map<number, Map<number, SmartFetchSession>>();
  readonly #nextId = new Map<number, number>();
  #stopSweeper: Cancel | null = null;

  constructor(
    private readonly chains: ChainOpener,
    private readonly settings: SmartFetchSessionSettings,
    private readonly resources: EngineResources,
  ) {}

  /**
   * Starts `spec` for a new session of `connectionId`, resuming aggregates from
   * `accumulators`; its instances count against the connection's principal. Fails with
   * the module's own message when a module is unknown, its params are rejected or it does
   * not start, and with the broker's when the instance budget is spent or the module is
   * quarantined.
   */
  async open(
    connection: { readonly id: number; readonly abandoned: Promise<void>; readonly principal: string },
    target: { readonly topic: string; readonly partition: number },
    spec: ChainSpec,
    accumulators: readonly Uint8Array[],
  ): Promise<RegistryResult<SmartFetchSession>> {
    if ((this.#byConnection.get(connection.id)?.size ?? 0) >= MAX_SESSIONS_PER_CONNECTION) {
      return refused("INVALID_REQUEST", `a connection may hold at most ${MAX_SESSIONS_PER_CONNECTION} SmartFetch sessions`);
    }
    let chain: SmartModuleChain;
    try {
      chain = await this.chains.open(spec, accumulators, { principal: connection.principal });
    } catch (cause) {
      if (cause instanceof SmartModuleError) return refused(errorNameOf(cause.kind), cause.message);
      return refused("INVALID_CONFIG", `cannot start the SmartModule chain: ${(cause as Error).message}`);
    }
    let sessions = this.#byConnection.get(connection.id);
    if (sessions === undefined) {
      sessions = new Map();
      this.#byConnection.set(connection.id, sessions);
      void connection.abandoned.then(() => this.#closeConnection(connection.id));
    }
    const id = this.#nextId.get(connection.id) ?? 1;
    this.#nextId.set(connection.id, id + 1);
    const session = new SmartFetchSession(id, connection.id, target.topic, target.partition, chain, this.resources.clock.now());
    sessions.set(id, session);
    this.#startSweeping();
    return { ok: true, value: session };
  }

  /** The session, marked as used now; undefined once closed (idle, failed, never opened here). */
  get(connectionId: number, sessionId: number): SmartFetchSession | undefined {
    const session = this.#byConnection.get(connectionId)?.get(sessionId);
    if (session !== undefined) session.lastUsed = this.resources.clock.now();
    return session;
  }

  get size(): number {
    let total = 0;
    for (const sessions of this.#byConnection.values()) total += sessions.size;
    return total;
  }

  /** Ends one session (its module failed, or it is done); safe for one already closed. */
  async close(session: SmartFetchSession): Promise<void> {
    const sessions = this.#byConnection.get(session.connectionId);
    if (sessions?.get(session.id) !== session) return;
    sessions.delete(session.id);
    this.#stopSweepingIfEmpty();
    await this.#closeChain(session);
  }

  /** Closes every session unused for the idle timeout; the sweep timer calls it, tests call it with a moved clock. */
  async closeIdle(): Promise<void> {
    const cutoff = this.resources.clock.now() - this.settings.idleMs;
    const idle = [...this.#byConnection.values()].flatMap((sessions) => [...sessions.values()].filter((s) => s.lastUsed <= cutoff));
    await Promise.all(idle.map((session) => this.close(session)));
  }

  async #closeConnection(connectionId: number): Promise<void> {
    const sessions = this.#byConnection.get(connectionId);
    this.#byConnection.delete(connectionId);
    this.#nextId.delete(connectionId);
    this.#stopSweepingIfEmpty();
    await Promise.all([...(sessions?.values() ?? [])].map((session) => this.#closeChain(session)));
  }

  async #closeChain(session: SmartFetchSession): Promise<void> {
    try {
      await session.chain.close();
    } catch (cause) {
      this.resources.logger.warn({ err: cause, topic: session.topic, partition: session.partition }, "closing a SmartFetch chain failed");
    }
  }

  #startSweeping(): void {
    if (this.#stopSweeper !== null) return;
    const period = Math.max(100, Math.floor(this.settings.idleMs / 2));
    this.#stopSweeper = every(this.resources.clock, period, () => void this.closeIdle());
  }

  #stopSweepingIfEmpty(): void {
    if (this.#stopSweeper === null || this.size > 0) return;
    this.#stopSweeper();
    this.#stopSweeper = null;
  }
}

function refused(errorName: ErrorName, message: string): { ok: false; error: RegistryProblem } {
  return { ok: false, error: { errorName, message } };
}

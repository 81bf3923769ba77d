import type { CompiledSmartModule } from "../host/compiled-module.js";
import type { InstanceFactory, ModuleInstance } from "../host/module-instance.js";

export interface WarmSparesOptions {
  /** Starts a real instance (a worker thread that has instantiated the component and described it). */
  readonly start: InstanceFactory<CompiledSmartModule>;
  /** Spares kept at most, over all modules; the least recently used goes first. */
  readonly maxSpares: number;
  /** A spare nobody took for this long is closed. */
  readonly idleMs: number;
}

interface Spare {
  readonly instance: Promise<ModuleInstance>;
  readonly idle: NodeJS.Timeout;
}

/**
 * One started, unused instance per recently used module, so that the stream opened after a
 * deadline kill or a trap — or the next consumer of a popular module — takes over at once
 * instead of waiting for a worker to start and instantiate the component (~100 ms). Each take
 * hands out the spare (or starts an instance when there is none) and starts the next spare
 * in the background. A module that fails to start gets no spare, so a broken one costs
 * nothing while nobody asks for it.
 */
export class WarmSpares {
  readonly #spares = new Map<string, Spare>();
  #closed = false;

  constructor(private readonly options: WarmSparesOptions) {}

  readonly take: InstanceFactory<CompiledSmartModule> = async (compiled, name) => {
    const key = `${compiled.digest}\u0000${name}`;
    const spare = this.#spares.get(key);
    if (spare !== undefined) this.#drop(key, spare);
    const instance = (spare === undefined ? null : await spare.instance.catch(() => null)) ?? (await this.options.start(compiled, name));
    if (!this.#closed) this.#keepSpare(key, compiled, name);
    return instance;
  };

  /** How many spares are kept right now (started or starting). */
  get size(): number {
    return this.#spares.size;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const closing = [...this.#spares].map(([key, spare]) => this.#retire(key, spare));
    await Promise.all(closing);
  }

  #keepSpare(key: string, compiled: CompiledSmartModule, name: string): void {
    // Two takes at once of the same module: the first one's spare serves.
    if (this.#spares.has(key)) return;
    const instance = this.options.start(compiled, name);
    // A spare that cannot start is simply not there; the next take starts one and reports why.
    instance.catch(() => this.#spares.get(key)?.instance === instance && this.#spares.delete(key));
    const idle = setTimeout(() => void this.#retire(key, this.#spares.get(key)), this.options.idleMs);
    idle.unref();
    this.#spares.set(key, { instance, idle });
    for (const [oldest, spare] of this.#spares) {
      if (this.#spares.size <= this.options.maxSpares) break;
      void this.#retire(oldest, spare);
    }
  }

  #drop(key: string, spare: Spare): void {
    clearTimeout(spare.idle);
    this.#spares.delete(key);
  }

  async #retire(key: string, spare: Spare | undefined): Promise<void> {
    if (spare === undefined || this.#spares.get(key) !== spare) return;
    this.#drop(key, spare);
    const instance = await spare.instance.catch(() => null);
    await instance?.close();
  }
}

import type { EngineResources } from "../../broker/resources.js";
import type { TopicsView } from "../../topics/topics-view.js";
import { chainOf } from "../../topics/topic-config.js";
import type { ProduceChains } from "../produce-chain.js";
import { slotKey } from "../produce-chain.js";
import type { SmartModuleRegistry } from "../registry.js";
import { DerivationTask } from "./derivation-task.js";

/** How often topic and leadership changes are picked up. */
const RECONCILE_MS = 250;

/**
 * Runs a DerivationTask for every derived-topic partition this broker leads and
 * whose source partition it holds, and stops it when the topic is deleted or the
 * leadership moves (a new epoch starts a new task, which resumes from the log).
 * Also lets produce-time chains of partitions no longer led go.
 */
export class Derivations {
  readonly #tasks = new Map<string, DerivationTask>();
  readonly #unplaced = new Set<string>();
  #timer: NodeJS.Timeout | null = null;
  #reconciling: Promise<void> = Promise.resolve();
  #closing: Promise<void> | null = null;

  constructor(
    private readonly topics: TopicsView,
    private readonly registry: SmartModuleRegistry,
    private readonly produceChains: ProduceChains,
    private readonly resources: EngineResources,
  ) {}

  start(): void {
    this.#timer = setInterval(() => {
      this.#reconciling = this.#reconciling.then(() => this.#reconcile()).catch((error: unknown) => {
        this.resources.logger.error({ err: error }, "SmartModule reconcile failed");
      });
    }, RECONCILE_MS);
    this.#timer.unref();
  }

  async #reconcile(): Promise<void> {
    if (this.#closing !== null) return;
    const wanted = new Set<string>();
    const producing = new Set<string>();
    for (const topic of this.topics.list()) {
      const sourceName = topic.config["freshet.source"];
      const chain = chainOf(topic.config);
      if (chain.length === 0 && sourceName === "") continue;
      for (const placement of topic.partitions) {
        const partition = this.topics.local(topic.name, placement.index);
        if (partition === undefined || !partition.isLeader) continue;
        if (sourceName === "") {
          producing.add(slotKey(topic.id, placement.index));
          continue;
        }
        const key = `${slotKey(topic.id, placement.index)}@${partition.leaderEpoch}`;
        const source = this.topics.local(sourceName, placement.index);
        if (source === undefined) {
          if (!this.#unplaced.has(key)) {
            this.#unplaced.add(key);
            this.resources.logger.warn({ topic: topic.name, partition: placement.index, source: sourceName }, "derived partition waits: its source partition is not on this SPU");
          }
          continue;
        }
        wanted.add(key);
        if (!this.#tasks.has(key)) {
          this.resources.logger.info({ topic: topic.name, partition: placement.index, source: sourceName }, "derivation started");
          this.#tasks.set(key, new DerivationTask({ topic: topic.name, config: topic.config, chain, partition }, source, this.registry, this.resources));
        }
      }
    }
    const stopping = [...this.#tasks].filter(([key]) => !wanted.has(key));
    for (const [key] of stopping) this.#tasks.delete(key);
    await Promise.all([...stopping.map(([, task]) => task.stop()), this.produceChains.retain(producing)]);
  }

  /** Stops every task; safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#timer !== null) clearInterval(this.#timer);
      await this.#reconciling;
      const tasks = [...this.#tasks.values()];
      this.#tasks.clear();
      await Promise.all(tasks.map((task) => task.stop()));
    })();
    return this.#closing;
  }
}

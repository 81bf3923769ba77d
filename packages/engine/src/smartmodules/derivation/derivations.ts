import type { InternalLogin } from "../../auth/credential-store.js";
import { every, type Cancel } from "../../system/clock.js";
import type { EngineResources } from "../../system/resources.js";
import type { BrokerAddress, TopicsView } from "../../topics/topics-view.js";
import { chainOf } from "../../topics/topic-config.js";
import type { ChainOpener } from "../open-chain.js";
import type { ProduceChains } from "../produce-chain.js";
import { slotKey } from "../produce-chain.js";
import { DerivationTask, type DerivationSource, type DerivationTarget } from "./derivation-task.js";
import { LocalSourceReader } from "./local-source-reader.js";
import type { RemoteSources } from "./remote-sources.js";

/** How often topic and leadership changes are picked up. */
const RECONCILE_MS = 250;

interface WantedTask {
  readonly target: DerivationTarget;
  readonly source: DerivationSource;
  readonly where: "local" | "remote";
}

/**
 * Runs a DerivationTask for every derived-topic partition this broker leads, and
 * stops it when the topic is deleted or either leadership moves: a new epoch of the
 * derived partition, or its source partition's leadership arriving on this broker
 * or leaving it (read from the local log while led here, from its leader over the
 * Kafka protocol otherwise). A replacement resumes from the derived log, and starts
 * only once the task it replaces has stopped, so two never append to one partition.
 * Also lets produce-time chains of partitions no longer led go.
 */
export class Derivations {
  readonly #tasks = new Map<string, DerivationTask>();
  readonly #unplaced = new Set<string>();
  /** Loaded and opened on first use: only a cluster member reads sources led elsewhere, and the client it reads with is not small. */
  #remote: Promise<RemoteSources> | null = null;
  #stopReconciling: Cancel = () => undefined;
  #reconciling: Promise<void> = Promise.resolve();
  #closing: Promise<void> | null = null;

  constructor(
    private readonly topics: TopicsView,
    private readonly chains: ChainOpener,
    private readonly produceChains: ProduceChains,
    private readonly resources: EngineResources,
    private readonly self: BrokerAddress,
    /** How remote reads log in to brokers that require SASL. */
    private readonly login: InternalLogin | undefined,
  ) {}

  #remoteSources(): Promise<RemoteSources> {
    return (this.#remote ??= import("./remote-sources.js").then(({ RemoteSources }) => new RemoteSources(this.self, this.login)));
  }

  start(): void {
    this.#stopReconciling = every(this.resources.clock, RECONCILE_MS, () => {
      this.#reconciling = this.#reconciling
        .then(() => this.#reconcile())
        .catch((error: unknown) => {
          this.resources.logger.error({ err: error }, "SmartModule reconcile failed");
        });
    });
  }

  async #reconcile(): Promise<void> {
    if (this.#closing !== null) return;
    const wanted = new Map<string, WantedTask>();
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
        const slot = `${slotKey(topic.id, placement.index)}@${partition.leaderEpoch}`;
        if (this.topics.describe(sourceName) === undefined) {
          if (!this.#unplaced.has(slot)) {
            this.#unplaced.add(slot);
            this.resources.logger.warn({ topic: topic.name, partition: placement.index, source: sourceName }, "derived partition waits: its source topic does not exist");
          }
          continue;
        }
        const target = { topic: topic.name, config: topic.config, chain, partition };
        const local = this.topics.local(sourceName, placement.index);
        let task: WantedTask;
        if (local?.isLeader === true) {
          task = { target, where: "local", source: { topic: sourceName, open: (from, signal) => new LocalSourceReader(local, from, signal, this.resources.clock) } };
        } else {
          const remote = await this.#remoteSources();
          task = { target, where: "remote", source: { topic: sourceName, open: (from, signal) => remote.open(sourceName, placement.index, from, signal) } };
        }
        wanted.set(`${slot}/${task.where}`, task);
      }
    }
    const stopping = [...this.#tasks].filter(([key]) => !wanted.has(key));
    for (const [key] of stopping) this.#tasks.delete(key);
    await Promise.all([...stopping.map(([, task]) => task.stop()), this.produceChains.retain(producing)]);
    if (this.#closing !== null) return;
    for (const [key, { target, source, where }] of wanted) {
      if (this.#tasks.has(key)) continue;
      this.resources.logger.info({ topic: target.topic, partition: target.partition.index, source: source.topic, read: where }, "derivation started");
      this.#tasks.set(key, new DerivationTask(target, source, this.chains, this.resources));
    }
  }

  /** Stops every task, then closes the connections remote reads used; safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#stopReconciling();
      await this.#reconciling;
      const tasks = [...this.#tasks.values()];
      this.#tasks.clear();
      await Promise.all(tasks.map((task) => task.stop()));
      await (await this.#remote)?.close();
    })();
    return this.#closing;
  }
}

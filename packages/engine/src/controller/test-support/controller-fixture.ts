import { pino } from "pino";
import { Controller, type ControllerOptions } from "../controller.js";
import type { ClusterStateStore } from "../cluster-state-store.js";
import { defaultTopicConfig, type TopicConfig } from "../../topics/topic-config.js";
import { ManualClock } from "../../system/test-support/manual-clock.js";
import { MemoryClusterStateStore } from "./memory-state-store.js";

export const HEARTBEAT_MS = 500;
export const TIMEOUT_MS = 3000;

export interface ControllerFixture {
  readonly controller: Controller;
  readonly time: ManualClock;
  readonly store: ClusterStateStore;
}

/** A controller on manual time with `spus` registered (SPU n listens on port 9000 + n). */
export async function openController(spus: readonly number[], options: { store?: ClusterStateStore; time?: ManualClock; controller?: ControllerOptions } = {}): Promise<ControllerFixture> {
  const time = options.time ?? new ManualClock();
  const store = options.store ?? new MemoryClusterStateStore();
  const controller = await Controller.open(store, { heartbeatIntervalMs: HEARTBEAT_MS, spuTimeoutMs: TIMEOUT_MS, ...options.controller }, { logger: pino({ level: "silent" }), clock: time });
  for (const id of spus) {
    const registered = await controller.registerSpu(id, "127.0.0.1", 9000 + id, `first-${id}`);
    if (!registered.ok) throw new Error(`registering SPU ${id} failed: ${registered.error.message}`);
  }
  return { controller, time, store };
}

/**
 * Moves time past the SPU timeout in heartbeat-sized steps while only `alive`
 * heartbeat, then runs a liveness check and lets the timer-driven ones settle.
 */
export async function outliveTimeout(fixture: ControllerFixture, alive: readonly number[]): Promise<void> {
  for (let elapsed = 0; elapsed <= TIMEOUT_MS; elapsed += HEARTBEAT_MS) {
    fixture.time.advance(HEARTBEAT_MS);
    for (const id of alive) {
      const beat = await fixture.controller.heartbeat(id);
      if (!beat.ok) throw new Error(`heartbeat of SPU ${id} failed: ${beat.error.message}`);
    }
  }
  await fixture.controller.tick();
}

export function configWith(overrides: Partial<TopicConfig>): TopicConfig {
  return { ...defaultTopicConfig(), ...overrides };
}

import type { SystemName } from "../cli/options.js";
import type { WorkloadKnobs } from "../workload/knobs.js";
import type { SystemDriver } from "./driver.js";
import { FreshetKafkajsDriver } from "./freshet/kafkajs-driver.js";
import { FreshetRawDriver } from "./freshet/raw-driver.js";
import { FreshetReplicatedDriver } from "./freshet/replicated-driver.js";
import { JetStreamDriver } from "./jetstream.js";
import { JetStreamLibnatsDriver } from "./native/libnats-driver.js";
import { FreshetLibrdkafkaDriver } from "./native/rdkafka-driver.js";
import { RedisStreamsDriver } from "./redis-streams.js";

/**
 * The drivers that measure one system; Freshet is driven through two clients on
 * one node, and as a replicated cluster (its own name: it starts four processes).
 * The native-client rows have names of their own (they compile C programs first).
 */
export function driversFor(system: Exclude<SystemName, "limits" | "footprint">, knobs: WorkloadKnobs, clusterLatencyRate: number): SystemDriver[] {
  switch (system) {
    case "freshet":
      return [new FreshetRawDriver(knobs), new FreshetKafkajsDriver(knobs)];
    case "freshet-rf3":
      return [new FreshetReplicatedDriver(knobs, clusterLatencyRate)];
    case "freshet-librdkafka":
      return [new FreshetLibrdkafkaDriver(knobs)];
    case "jetstream":
      return [new JetStreamDriver(knobs)];
    case "jetstream-libnats":
      return [new JetStreamLibnatsDriver(knobs)];
    case "redis":
      return [new RedisStreamsDriver(knobs)];
  }
}

import type { WorkloadKnobs } from "../../workload/knobs.js";

/** Topic configs the benchmark sets: only `freshet.durability`, and only when asked to. */
export function topicConfigs(knobs: WorkloadKnobs): { name: string; value: string }[] {
  return knobs.freshetDurability === null ? [] : [{ name: "freshet.durability", value: knobs.freshetDurability }];
}

export function durabilityNote(knobs: WorkloadKnobs): string {
  return knobs.freshetDurability === null
    ? "topic durability: the broker's default (freshet.durability=batch: fdatasync before acknowledging, group commit), unlike JetStream's background sync."
    : `topic durability: freshet.durability=${knobs.freshetDurability} (set with --freshet-durability).`;
}

/** freshet.durability=batch (the default) acknowledges after fdatasync; interval and none acknowledge before it. */
export function fsyncBeforeAck(knobs: WorkloadKnobs): "yes" | "no" {
  return knobs.freshetDurability === null || knobs.freshetDurability === "batch" ? "yes" : "no";
}

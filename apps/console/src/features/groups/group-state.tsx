import { Badge, type BadgeTone } from "@/components/ui/badge";

/** Kafka's group states: members consuming, a rebalance under way, no members, or gone. */
const TONES: Record<string, BadgeTone> = {
  Stable: "good",
  PreparingRebalance: "progress",
  CompletingRebalance: "progress",
  Empty: "neutral",
  Dead: "bad",
};

export function GroupStateBadge({ state }: { state: string }) {
  return <Badge tone={TONES[state] ?? "neutral"}>{state}</Badge>;
}

/** Kafka lets an admin reset or delete a group only in these states, with no members. */
export function isInactive(group: { state: string; members: number }): boolean {
  return group.members === 0 && (group.state === "Empty" || group.state === "Dead");
}

/** Offsets and lag as people read them; a partition without a commit shows a dash, as kafka-consumer-groups does. */
export function formatCount(value: number | null): string {
  return value === null ? "–" : value.toLocaleString("en-US");
}

/** How often group pages ask again: lag moves while consumers run. */
export const GROUP_REFRESH_MS = 5_000;

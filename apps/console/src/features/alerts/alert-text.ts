import { duration } from "@freshet/control-plane/alerts/evaluate-rule";
import type { RouterOutputs } from "@/lib/trpc";

type Rule = RouterOutputs["alerts"]["rules"]["list"][number];

export const KIND_LABELS: Record<Rule["condition"]["kind"], string> = {
  stalled: "Stalled topic",
  lagGrowing: "Consumer lag growing",
  errorRate: "Error rate (connector or pipeline)",
  throughput: "Throughput outside a band",
};

/** The rule's condition as a sentence fragment: "no records for 5 minutes". */
export function conditionText(rule: Pick<Rule, "condition" | "windowSeconds">): string {
  const window = duration(rule.windowSeconds * 1000);
  const { condition } = rule;
  switch (condition.kind) {
    case "stalled":
      return `no new records for ${window}`;
    case "lagGrowing":
      return `lag of group ${condition.groupId} grows for ${window}`;
    case "errorRate":
      return `more than ${condition.maxPerMinute.toString()} errors/min over ${window}`;
    case "throughput": {
      const band = [condition.min === null ? null : `below ${condition.min.toString()}`, condition.max === null ? null : `above ${condition.max.toString()}`].filter(Boolean).join(" or ");
      return `records/s ${band} over ${window}`;
    }
  }
}

/** "topic orders", "connector webhooks" or "pipeline sensors" (by id while the names are loading). */
export function targetText(target: Rule["target"], names: ReadonlyMap<string, string>): string {
  switch (target.kind) {
    case "topic":
      return `topic ${target.topic}`;
    case "connector":
      return `connector ${names.get(target.connectorId) ?? target.connectorId}`;
    case "pipeline":
      return `pipeline ${names.get(target.pipelineId) ?? target.pipelineId}`;
  }
}

import type { RouterOutputs } from "@/lib/trpc";

export type AccessRule = RouterOutputs["acls"]["list"][number];

/** The actions a rule can be about, as the add-rule form offers them (a group rule is always about consuming). */
export const RULE_KINDS = [
  { value: "produce", label: "Produce to topics", resource: "topic", access: "produce" },
  { value: "consume", label: "Consume from topics", resource: "topic", access: "consume" },
  { value: "create", label: "Create topics", resource: "topic", access: "create" },
  { value: "delete", label: "Delete topics", resource: "topic", access: "delete" },
  { value: "group", label: "Consume as a consumer group", resource: "group", access: "consume" },
] as const;

const VERBS: Record<Exclude<AccessRule["access"], "other">, string> = {
  produce: "producing to",
  consume: "consuming from",
  create: "creating",
  delete: "deleting",
};

/** A rule as a sentence: "Allow consuming as consumer groups starting with “billing-”". */
export function ruleSentence(rule: Pick<AccessRule, "resource" | "match" | "name" | "access" | "operation" | "permission">): string {
  const permission = rule.permission === "allow" ? "Allow" : "Deny";
  const named = rule.match === "prefix" ? `starting with “${rule.name}”` : `named “${rule.name}”`;
  if (rule.resource === "cluster") return `${permission} ${rule.operation.replaceAll("_", " ")} on the cluster`;
  if (rule.access === "other") return `${permission} ${rule.operation.replaceAll("_", " ")} on ${rule.resource}s ${named} (set outside the console)`;
  if (rule.resource === "group") return `${permission} consuming as consumer groups ${named}`;
  return `${permission} ${VERBS[rule.access]} topics ${named}`;
}

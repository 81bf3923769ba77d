/**
 * What each plan allows. Limits live in code, not in a table: a cluster row stores its plan's
 * code and the partition limit it was created with.
 */
export interface Plan {
  readonly code: PlanCode;
  /** Clusters of this plan one organization may have (not counting deleted ones). */
  readonly maxClusters: number;
  readonly maxSpus: number;
  /** Partitions over all topics of one cluster. */
  readonly maxPartitions: number;
}

export const PLAN_CODES = ["free", "pro"] as const;
export type PlanCode = (typeof PLAN_CODES)[number];

export const PLANS: Record<PlanCode, Plan> = {
  free: { code: "free", maxClusters: 1, maxSpus: 1, maxPartitions: 10 },
  pro: { code: "pro", maxClusters: 5, maxSpus: 3, maxPartitions: 100 },
};

export type PlanCheck = { ok: true } | { ok: false; message: string };

export function checkNewCluster(plan: Plan, existingClusters: number, spus: number): PlanCheck {
  if (existingClusters >= plan.maxClusters) {
    const clusters = plan.maxClusters === 1 ? "1 cluster" : `${plan.maxClusters} clusters`;
    return { ok: false, message: `The ${plan.code} plan allows ${clusters} per organization. Delete one or choose another plan.` };
  }
  if (spus > plan.maxSpus) {
    const allowed = plan.maxSpus === 1 ? "1 SPU" : `up to ${plan.maxSpus} SPUs`;
    return { ok: false, message: `The ${plan.code} plan allows ${allowed} per cluster; ${spus} were asked for.` };
  }
  return { ok: true };
}

export function checkNewPartitions(partitionsLimit: number, existing: number, added: number): PlanCheck {
  if (existing + added <= partitionsLimit) return { ok: true };
  return {
    ok: false,
    message: `This cluster allows ${partitionsLimit} partitions in all; it has ${existing} and ${added} more were asked for.`,
  };
}

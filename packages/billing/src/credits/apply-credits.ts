import type { MinorUnits } from "../money/minor-units.js";
import type { RatedLine } from "../rating/rated-line.js";
import type { Instant } from "../usage/time.js";
import { balanceOf, spendOrder, type CreditEntry, type CreditGrant } from "./grant.js";

/** A credit shown on the invoice as a negative line against the line it paid for. */
export interface CreditLine {
  readonly grantId: string;
  readonly lineRef: string;
  readonly amountMinor: MinorUnits;
  readonly description: string;
}

export interface CreditApplication {
  readonly creditLines: CreditLine[];
  readonly entries: CreditEntry[];
  readonly dueMinor: MinorUnits;
}

export function lineRef(line: RatedLine): string {
  return `${line.kind}:${line.dimension}:${line.priceVersionId}:${line.segmentStart}`;
}

function appliesTo(grant: CreditGrant, line: RatedLine): boolean {
  return grant.effectiveAt < line.segmentEnd && (grant.expiresAt === null || grant.expiresAt > line.segmentStart) && (grant.scope === null || grant.scope.includes(line.dimension));
}

const KIND_LABEL = { trial: "Trial credit", promotion: "Promotional credit", onboarding: "White-glove onboarding credit" } as const;

/**
 * Pays the lines from the organization's grants. For each line, eligible grants (in force during
 * the line's stretch, covering its dimension, with a balance left) are spent in priority order,
 * then earliest expiry. No line is paid below zero and no grant below zero; every consumption is a
 * ledger entry dated `at`.
 */
export function applyCredits(lines: readonly RatedLine[], grants: readonly CreditGrant[], existing: readonly CreditEntry[], at: Instant): CreditApplication {
  const ordered = [...grants].sort(spendOrder);
  const balances = new Map(ordered.map((grant) => [grant.id, balanceOf(grant, existing)]));
  const creditLines: CreditLine[] = [];
  const entries: CreditEntry[] = [];
  let dueMinor = 0;
  for (const line of lines) {
    let open = Math.max(line.amountMinor, 0);
    for (const grant of ordered) {
      if (open === 0) break;
      const balance = balances.get(grant.id) ?? 0;
      if (balance <= 0 || !appliesTo(grant, line)) continue;
      const used = Math.min(balance, open);
      open -= used;
      balances.set(grant.id, balance - used);
      const ref = lineRef(line);
      entries.push({ grantId: grant.id, kind: "consume", amountMinor: -used, lineRef: ref, at });
      creditLines.push({ grantId: grant.id, lineRef: ref, amountMinor: -used, description: `${KIND_LABEL[grant.kind]} applied` });
    }
    dueMinor += line.amountMinor - (Math.max(line.amountMinor, 0) - open);
  }
  return { creditLines, entries, dueMinor };
}

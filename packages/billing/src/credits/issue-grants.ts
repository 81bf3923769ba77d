import { err, ok, type Result } from "../money/result.js";
import type { Instant } from "../usage/time.js";
import type { CreditGrant } from "./grant.js";

export const WHITE_GLOVE_AMOUNT_MINOR = 75_000;
const DAY_MS = 86_400_000;
/** How long the onboarding credit lasts; a business choice. */
export const WHITE_GLOVE_VALID_DAYS = 90;

/**
 * The white-glove onboarding credit: one per organization, ever. Whether a grant may be issued is
 * decided from the grants that exist (voided or spent ones included), so retrying is harmless.
 */
export function whiteGloveGrant(existing: readonly CreditGrant[], request: { id: string; organizationId: string; at: Instant }): Result<CreditGrant> {
  const previous = existing.find((grant) => grant.organizationId === request.organizationId && grant.kind === "onboarding");
  if (previous !== undefined) return err(`Organization ${request.organizationId} already received its onboarding credit (grant ${previous.id}).`);
  return ok({
    id: request.id,
    organizationId: request.organizationId,
    kind: "onboarding",
    category: "promotional",
    amountMinor: WHITE_GLOVE_AMOUNT_MINOR,
    priority: 10,
    effectiveAt: request.at,
    expiresAt: request.at + WHITE_GLOVE_VALID_DAYS * DAY_MS,
    scope: null,
    code: null,
  });
}

/** A promotion code is redeemed at most once per organization. */
export function promotionGrant(
  existing: readonly CreditGrant[],
  request: { id: string; organizationId: string; code: string; amountMinor: number; at: Instant; expiresAt: Instant | null },
): Result<CreditGrant> {
  if (existing.some((grant) => grant.organizationId === request.organizationId && grant.kind === "promotion" && grant.code === request.code)) {
    return err(`Organization ${request.organizationId} already redeemed the code ${request.code}.`);
  }
  return ok({ ...request, kind: "promotion", category: "promotional", priority: 20, effectiveAt: request.at, scope: null });
}

/** The sign-up trial credit: one per organization. */
export function trialGrant(existing: readonly CreditGrant[], request: { id: string; organizationId: string; amountMinor: number; at: Instant; validDays: number }): Result<CreditGrant> {
  if (existing.some((grant) => grant.organizationId === request.organizationId && grant.kind === "trial")) {
    return err(`Organization ${request.organizationId} already received its trial credit.`);
  }
  return ok({
    id: request.id,
    organizationId: request.organizationId,
    kind: "trial",
    category: "promotional",
    amountMinor: request.amountMinor,
    priority: 30,
    effectiveAt: request.at,
    expiresAt: request.at + request.validDays * DAY_MS,
    scope: null,
    code: null,
  });
}

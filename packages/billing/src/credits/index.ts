export { creditGrantSchema, balanceOf, spendOrder, GRANT_KINDS, type CreditGrant, type CreditEntry, type GrantKind } from "./grant.js";
export { applyCredits, lineRef, type CreditApplication, type CreditLine } from "./apply-credits.js";
export { whiteGloveGrant, promotionGrant, trialGrant, WHITE_GLOVE_AMOUNT_MINOR, WHITE_GLOVE_VALID_DAYS } from "./issue-grants.js";

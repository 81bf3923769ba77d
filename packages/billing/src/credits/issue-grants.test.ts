import { describe, expect, it } from "vitest";
import { at } from "../test-support/fixtures.js";
import { promotionGrant, trialGrant, whiteGloveGrant } from "./issue-grants.js";

const NOW = at("2026-03-05T10:00:00Z");

describe("whiteGloveGrant", () => {
  it("grants 75000 cents once per organization, ever", () => {
    const first = whiteGloveGrant([], { id: "g1", organizationId: "org-1", at: NOW });
    if (!first.ok) throw new Error(first.error);
    expect(first.value).toEqual(expect.objectContaining({ kind: "onboarding", amountMinor: 75_000, effectiveAt: NOW, expiresAt: NOW + 90 * 86_400_000, scope: null }));
    expect(whiteGloveGrant([first.value], { id: "g2", organizationId: "org-1", at: NOW + 1 })).toEqual({ ok: false, error: "Organization org-1 already received its onboarding credit (grant g1)." });
    expect(whiteGloveGrant([first.value], { id: "g3", organizationId: "org-2", at: NOW }).ok).toBe(true);
  });
});

describe("promotionGrant and trialGrant", () => {
  it("redeems a code once per organization and gives one trial", () => {
    const promo = promotionGrant([], { id: "p1", organizationId: "org-1", code: "LAUNCH", amountMinor: 2000, at: NOW, expiresAt: null });
    if (!promo.ok) throw new Error(promo.error);
    expect(promotionGrant([promo.value], { id: "p2", organizationId: "org-1", code: "LAUNCH", amountMinor: 2000, at: NOW, expiresAt: null }).ok).toBe(false);
    expect(promotionGrant([promo.value], { id: "p3", organizationId: "org-1", code: "OTHER", amountMinor: 2000, at: NOW, expiresAt: null }).ok).toBe(true);
    const trial = trialGrant([promo.value], { id: "t1", organizationId: "org-1", amountMinor: 10_000, at: NOW, validDays: 30 });
    if (!trial.ok) throw new Error(trial.error);
    expect(trialGrant([trial.value], { id: "t2", organizationId: "org-1", amountMinor: 10_000, at: NOW, validDays: 30 }).ok).toBe(false);
  });
});

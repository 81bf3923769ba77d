import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RatedLine } from "../rating/rated-line.js";
import { at } from "../test-support/fixtures.js";
import { applyCredits, lineRef } from "./apply-credits.js";
import { balanceOf, creditGrantSchema, type CreditGrant } from "./grant.js";

const NOW = at("2026-04-01T02:00:00Z");

function grant(input: Partial<Omit<CreditGrant, "effectiveAt" | "expiresAt">> & { id: string; amountMinor: number; effectiveAt?: string; expiresAt?: string | null }): CreditGrant {
  return creditGrantSchema.parse({
    organizationId: "org-1",
    kind: "promotion",
    category: "promotional",
    priority: 50,
    scope: null,
    code: null,
    ...input,
    effectiveAt: input.effectiveAt ?? "2026-01-01T00:00:00Z",
    expiresAt: input.expiresAt ?? null,
  });
}

function line(amountMinor: number, dimension: RatedLine["dimension"] = "ingress_gib", priceVersionId = "v1"): RatedLine {
  return { kind: "usage", dimension, priceVersionId, segmentStart: at("2026-03-01T00:00:00Z"), segmentEnd: at("2026-04-01T00:00:00Z"), quantity: "1", amountMinor, description: dimension };
}

describe("applyCredits", () => {
  it("spends by priority, then earliest expiry, then never-expiring", () => {
    const grants = [
      grant({ id: "a-late-expiry", amountMinor: 1000, priority: 20, expiresAt: "2026-12-01T00:00:00Z" }),
      grant({ id: "b-no-expiry", amountMinor: 1000, priority: 20 }),
      grant({ id: "c-early-expiry", amountMinor: 300, priority: 20, expiresAt: "2026-06-01T00:00:00Z" }),
      grant({ id: "top", amountMinor: 200, priority: 10 }),
    ];
    const applied = applyCredits([line(1000)], grants, [], NOW);
    expect(applied.entries.map((e) => [e.grantId, e.amountMinor])).toEqual([
      ["top", -200],
      ["c-early-expiry", -300],
      ["a-late-expiry", -500],
    ]);
    expect(applied.dueMinor).toBe(0);
    expect(applied.entries.every((e) => e.at === NOW && e.kind === "consume")).toBe(true);
  });

  it("skips grants expired before, or starting after, the line's stretch, and grants scoped to other dimensions", () => {
    const grants = [
      grant({ id: "expired", amountMinor: 500, priority: 1, effectiveAt: "2026-01-01T00:00:00Z", expiresAt: "2026-03-01T00:00:00Z" }),
      grant({ id: "future", amountMinor: 500, priority: 2, effectiveAt: "2026-04-01T00:00:00Z" }),
      grant({ id: "egress-only", amountMinor: 500, priority: 3, scope: ["egress_gib"] }),
      grant({ id: "mid-month", amountMinor: 100, priority: 4, effectiveAt: "2026-03-20T00:00:00Z", expiresAt: "2026-05-01T00:00:00Z" }),
    ];
    const applied = applyCredits([line(400)], grants, [], NOW);
    expect(applied.entries.map((e) => e.grantId)).toEqual(["mid-month"]);
    expect(applied.dueMinor).toBe(300);
  });

  it("pays the whole bill from a larger credit and keeps the rest of the grant", () => {
    const onboarding = grant({ id: "white-glove", kind: "onboarding", amountMinor: 75_000, priority: 10 });
    const applied = applyCredits([line(1234), line(66, "egress_gib")], [onboarding], [], NOW);
    expect(applied.dueMinor).toBe(0);
    expect(applied.creditLines.map((c) => [c.amountMinor, c.description])).toEqual([
      [-1234, "White-glove onboarding credit applied"],
      [-66, "White-glove onboarding credit applied"],
    ]);
    expect(balanceOf(onboarding, applied.entries)).toBe(75_000 - 1300);
  });

  it("starts from the balances left by earlier entries", () => {
    const trial = grant({ id: "trial", kind: "trial", amountMinor: 500 });
    const first = applyCredits([line(400)], [trial], [], NOW);
    const second = applyCredits([line(400)], [trial], first.entries, NOW);
    expect(second.entries.map((e) => e.amountMinor)).toEqual([-100]);
    expect(second.dueMinor).toBe(300);
  });

  it("never spends more than min(total, balances) and never pays a line below zero", () => {
    const dimensions = ["ingress_gib", "egress_gib", "spu_hours"] as const;
    fc.assert(
      fc.property(
        fc.array(fc.record({ amount: fc.integer({ min: -500, max: 50_000 }), dimension: fc.constantFrom(...dimensions) }), { maxLength: 8 }),
        fc.array(
          fc.record({
            amount: fc.integer({ min: 1, max: 40_000 }),
            priority: fc.integer({ min: 0, max: 100 }),
            expiresInDays: fc.option(fc.integer({ min: 1, max: 200 })),
            scope: fc.option(fc.subarray([...dimensions], { minLength: 1 })),
          }),
          { maxLength: 5 },
        ),
        (lineSpecs, grantSpecs) => {
          const lines = lineSpecs.map((l, i) => line(l.amount, l.dimension, `v${i}`));
          const grants = grantSpecs.map((g, i) =>
            grant({
              id: `g${i}`,
              amountMinor: g.amount,
              priority: g.priority,
              scope: g.scope,
              expiresAt: g.expiresInDays === null ? null : new Date(at("2026-01-01T00:00:00Z") + g.expiresInDays * 86_400_000).toISOString(),
            }),
          );
          const applied = applyCredits(lines, grants, [], NOW);
          const spent = -applied.entries.reduce((s, e) => s + e.amountMinor, 0);
          const total = lines.reduce((s, l) => s + Math.max(l.amountMinor, 0), 0);
          const balances = grants.reduce((s, g) => s + g.amountMinor, 0);
          expect(spent).toBeLessThanOrEqual(Math.min(total, balances));
          expect(applied.entries.every((e) => e.amountMinor < 0)).toBe(true);
          for (const g of grants) expect(balanceOf(g, applied.entries)).toBeGreaterThanOrEqual(0);
          for (const l of lines) {
            const credited = -applied.creditLines.filter((c) => c.lineRef === lineRef(l)).reduce((s, c) => s + c.amountMinor, 0);
            expect(credited).toBeLessThanOrEqual(Math.max(0, l.amountMinor));
          }
          expect(applied.dueMinor).toBe(lines.reduce((s, l) => s + l.amountMinor, 0) - spent);
        },
      ),
    );
  });
});

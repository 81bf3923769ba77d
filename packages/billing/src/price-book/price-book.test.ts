import { describe, expect, it } from "vitest";
import { ACCOUNT, MARCH, at, book, version } from "../test-support/fixtures.js";
import { changePrice } from "./change-price.js";
import { priceSchema } from "./price.js";
import { createPriceBook, segmentsFor } from "./price-book.js";
import { priceVersionSchema } from "./price-version.js";

const unit = (unitPriceMinor: string) => ({ kind: "unit" as const, unitPriceMinor });

describe("price book", () => {
  it("refuses overlapping versions of one dimension with a plain sentence", () => {
    const result = createPriceBook([
      version({ id: "v1", from: "2026-01-01T00:00:00Z", to: "2026-03-16T00:00:00Z", price: unit("10") }),
      version({ id: "v2", from: "2026-03-15T00:00:00Z", price: unit("8") }),
    ]);
    expect(result).toEqual({ ok: false, error: "Price versions v1 and v2 overlap: both price ingress_gib at 2026-03-15T00:00:00.000Z." });
  });

  it("accepts back-to-back versions and versions of other dimensions", () => {
    const result = createPriceBook([
      version({ id: "v1", from: "2026-01-01T00:00:00Z", to: "2026-03-15T00:00:00Z", price: unit("10") }),
      version({ id: "v2", from: "2026-03-15T00:00:00Z", price: unit("8") }),
      version({ id: "e1", dimension: "egress_gib", from: "2026-01-01T00:00:00Z", price: unit("5") }),
    ]);
    expect(result.ok).toBe(true);
  });

  it("rejects a version that does not start on an hour boundary", () => {
    const parsed = priceVersionSchema.safeParse({ id: "v", planId: "p", accountId: null, dimension: "ingress_gib", effectiveFrom: "2026-03-15T10:30:00Z", effectiveTo: null, price: unit("1") });
    expect(parsed.success).toBe(false);
  });

  it("cuts a period at each change and lets an account's override win for the hours it covers", () => {
    const prices = book([
      version({ id: "v1", from: "2026-01-01T00:00:00Z", to: "2026-03-15T00:00:00Z", price: unit("10") }),
      version({ id: "v2", from: "2026-03-15T00:00:00Z", price: unit("8") }),
      version({ id: "deal", accountId: "acct-1", from: "2026-03-20T00:00:00Z", to: "2026-03-25T00:00:00Z", price: unit("5") }),
    ]);
    const segments = segmentsFor(prices, { ...ACCOUNT, dimension: "ingress_gib", period: MARCH });
    expect(segments.ok && segments.value.map((s) => [s.version.id, new Date(s.start).toISOString(), new Date(s.end).toISOString()])).toEqual([
      ["v1", "2026-03-01T00:00:00.000Z", "2026-03-15T00:00:00.000Z"],
      ["v2", "2026-03-15T00:00:00.000Z", "2026-03-20T00:00:00.000Z"],
      ["deal", "2026-03-20T00:00:00.000Z", "2026-03-25T00:00:00.000Z"],
      ["v2", "2026-03-25T00:00:00.000Z", "2026-04-01T00:00:00.000Z"],
    ]);
    const other = segmentsFor(prices, { accountId: "acct-2", planId: "standard", dimension: "ingress_gib", period: MARCH });
    expect(other.ok && other.value.map((s) => s.version.id)).toEqual(["v1", "v2"]);
  });

  it("says so when a dimension has no price for part of the period", () => {
    const prices = book([version({ id: "v2", from: "2026-03-15T00:00:00Z", price: unit("8") })]);
    expect(segmentsFor(prices, { ...ACCOUNT, dimension: "ingress_gib", period: MARCH })).toEqual({ ok: false, error: "Plan standard has no price for ingress_gib at 2026-03-01T00:00:00.000Z." });
  });
});

describe("changePrice", () => {
  const prices = book([version({ id: "v1", from: "2026-01-01T00:00:00Z", price: unit("10") })]);
  const change = { id: "v2", planId: "standard", accountId: null, dimension: "ingress_gib" as const, effectiveFrom: at("2026-03-15T00:00:00Z"), price: priceSchema.parse(unit("8")) };

  it("adds a version and ends the one in force without touching its price", () => {
    const result = changePrice(prices, change, at("2026-03-10T12:34:00Z"));
    expect(result.ok && result.value.versions.map((v) => [v.id, v.effectiveTo, v.price])).toEqual([
      ["v1", at("2026-03-15T00:00:00Z"), prices.versions[0]?.price],
      ["v2", null, change.price],
    ]);
    expect(prices.versions[0]?.effectiveTo).toBeNull();
  });

  it("refuses a change off the hour, in the past, or before an already scheduled one", () => {
    expect(changePrice(prices, { ...change, effectiveFrom: at("2026-03-15T00:01:00Z") }, at("2026-03-10T00:00:00Z"))).toEqual({
      ok: false,
      error: "A price change must start on a UTC hour boundary; 2026-03-15T00:01:00.000Z does not.",
    });
    expect(changePrice(prices, change, at("2026-03-15T00:00:01Z"))).toEqual({ ok: false, error: "A price change cannot start in the past (2026-03-15T00:00:00.000Z)." });
    const scheduled = changePrice(prices, change, at("2026-03-10T00:00:00Z"));
    if (!scheduled.ok) throw new Error(scheduled.error);
    expect(changePrice(scheduled.value, { ...change, id: "v3", effectiveFrom: at("2026-03-12T00:00:00Z") }, at("2026-03-10T00:00:00Z")).ok).toBe(false);
  });
});

import type { RouterOutputs } from "@/lib/trpc";

export type PriceInput = NonNullable<RouterOutputs["pricing"]["plans"][number]["prices"][number]["current"]>["price"];

/** Cents as a price per unit reads: "6¢", "0.0137¢", "$4.00", "free". */
function cents(text: string): string {
  const value = Number(text);
  if (value === 0) return "free";
  return value >= 100 && Number.isInteger(value) ? `$${(value / 100).toFixed(2)}` : `${text}¢`;
}

/** A price as a sentence: "6¢ per GiB", "first 10 GiB free, then 6¢ per GiB". */
export function describePrice(price: PriceInput, unit: string): string {
  // Units are named in the plural ("GiB-hours"); a price is per one of them.
  const one = unit.replace(/s$/, "");
  const per = (amount: string) => (cents(amount) === "free" ? "free" : `${cents(amount)} per ${one}`);
  if (price.kind === "unit") return per(price.unitPriceMinor);
  const parts = price.tiers.map((tier, index) => {
    const from = index === 0 ? "0" : price.tiers[index - 1]!.upTo!;
    if (tier.upTo === null) return index === 0 ? per(tier.unitPriceMinor) : `above ${from} ${unit}: ${per(tier.unitPriceMinor)}`;
    return index === 0 ? `first ${tier.upTo} ${unit}: ${per(tier.unitPriceMinor)}` : `${from}–${tier.upTo} ${unit}: ${per(tier.unitPriceMinor)}`;
  });
  return `${parts.join("; ")}${price.kind === "volume" ? " (every unit at the rate of the tier reached)" : ""}`;
}

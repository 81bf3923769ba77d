/**
 * Kubernetes quantities as the driver writes them: an integer and an optional suffix
 * ("500m", "1Gi", "2"). Only what per-member sizes need, so quotas can be sums of them.
 */
const QUANTITY = /^(\d+)(m|Ki|Mi|Gi|Ti)?$/;

export function isQuantity(text: string): boolean {
  return QUANTITY.test(text);
}

/** `quantity` times `factor`, in the same unit ("500m" × 3 = "1500m"). */
export function scaleQuantity(quantity: string, factor: number): string {
  const match = QUANTITY.exec(quantity);
  if (match === null) throw new Error(`"${quantity}" is not a quantity the driver understands (an integer and one of m, Ki, Mi, Gi, Ti)`);
  return `${Number(match[1]) * factor}${match[2] ?? ""}`;
}

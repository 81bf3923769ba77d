import type { MinorUnits } from "../money/minor-units.js";
import type { Dimension } from "../usage/dimension.js";
import type { Instant } from "../usage/time.js";

/** One invoice line: one dimension over one stretch priced by one version, rounded once. */
export interface RatedLine {
  readonly kind: "usage" | "adjustment";
  readonly dimension: Dimension;
  readonly priceVersionId: string;
  readonly segmentStart: Instant;
  readonly segmentEnd: Instant;
  /** Decimal string, exact. */
  readonly quantity: string;
  readonly amountMinor: MinorUnits;
  readonly description: string;
}

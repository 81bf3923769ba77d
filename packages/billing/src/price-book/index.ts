export { priceSchema, cumulativeCost, type Price, type PriceInput, type Tier } from "./price.js";
export { priceVersionSchema, type PriceVersion } from "./price-version.js";
export { createPriceBook, segmentsFor, type PriceBook, type PricedSegment } from "./price-book.js";
export { changePrice, type PriceChange } from "./change-price.js";

export { loadPriceBook, toPriceVersion } from "./load-price-book.js";
export { ensureListPrices, FIRST_LIST_PRICES, LIST_PRICES_FROM, PRICED_PLANS, type PricedPlan } from "./list-prices.js";

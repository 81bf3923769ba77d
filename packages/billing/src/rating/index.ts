export { type RatedLine } from "./rated-line.js";
export { rateUsage, totalOf, type RatingAccount } from "./rate-usage.js";
export { ratePeriod, type PeriodRating, type PeriodRatingInput } from "./rate-period.js";
export { lateUsageAdjustments } from "./late-usage.js";

export { loadCredits, toCreditGrant } from "./load-credits.js";

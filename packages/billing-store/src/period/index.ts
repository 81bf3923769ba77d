export { formatMonth, monthBefore, monthContaining, parseMonth } from "./calendar-month.js";

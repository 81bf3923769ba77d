export { compileExpression, eventTimeOf, ExpressionError, isTrue, keyString, toJsonValue } from "./expression.js";
export type { Expression } from "./expression.js";

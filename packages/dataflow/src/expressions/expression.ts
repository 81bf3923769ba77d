import { Environment } from "@marcbachmann/cel-js";

/*
 * CEL expressions over one record. Variables: the JSON value's top-level fields, `_key`, `_time`
 * (event time, ms) and `_record` (the whole value). JSON numbers are CEL doubles, so mixed
 * int/double arithmetic (`price * 2`) is registered as an extension: users write JSON-ish formulas.
 * An expression is compiled once; evaluation reuses one context object holding only the variables
 * the expression mentions (no allocation per record). Plain identifiers and `a.b` paths skip CEL.
 */

const env = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });
const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  "+": (a, b) => a + b,
  "-": (a, b) => a - b,
  "*": (a, b) => a * b,
  "/": (a, b) => a / b,
};
for (const [op, apply] of Object.entries(ARITHMETIC)) {
  env.registerOperator(`double ${op} int`, (a: number, b: bigint) => apply(a, Number(b)));
  env.registerOperator(`int ${op} double`, (a: bigint, b: number) => apply(Number(a), b));
}

/** Thrown by `evaluate` when an expression fails on a record (the record is skipped and counted). */
export class ExpressionError extends Error {}

export interface Expression {
  readonly text: string;
  /** The result with CEL ints turned into JS numbers; throws ExpressionError. */
  evaluate(value: unknown, key: string | null, time: number): unknown;
}

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const RESERVED = new Set([
  "true",
  "false",
  "null",
  "in",
  "as",
  "break",
  "const",
  "continue",
  "else",
  "for",
  "function",
  "if",
  "import",
  "let",
  "loop",
  "package",
  "namespace",
  "return",
  "var",
  "void",
  "while",
]);

/** Compiles a CEL expression; throws an Error with one plain sentence when it does not parse. */
export function compileExpression(text: string): Expression {
  const trimmed = text.trim();
  if (PATH.test(trimmed) && !RESERVED.has(trimmed.split(".")[0]!)) return compilePath(trimmed);
  let program: ReturnType<typeof env.parse>;
  try {
    program = env.parse(trimmed);
  } catch (error) {
    throw new Error(`invalid expression "${text}": ${firstLine(error)}`, { cause: error });
  }
  const names = new Set<string>();
  collectIdentifiers(program.ast, names);
  const variables = [...names];
  const context: Record<string, unknown> = {};
  return {
    text,
    evaluate(value, key, time) {
      const fields = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
      for (const name of variables) {
        if (name === "_key") context[name] = key;
        else if (name === "_time") context[name] = time;
        else if (name === "_record") context[name] = value;
        else context[name] = fields?.[name];
      }
      try {
        return toJsonValue(program(context));
      } catch (error) {
        throw new ExpressionError(`${text}: ${firstLine(error)}`, { cause: error });
      }
    },
  };
}

function compilePath(path: string): Expression {
  const [head, ...rest] = path.split(".") as [string, ...string[]];
  return {
    text: path,
    evaluate(value, key, time) {
      let current: unknown;
      if (head === "_key") current = key;
      else if (head === "_time") current = time;
      else if (head === "_record") current = value;
      else current = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[head] : undefined;
      if (current === undefined) throw new ExpressionError(`${path}: no field ${head}`);
      for (const field of rest) {
        current = current !== null && typeof current === "object" ? (current as Record<string, unknown>)[field] : undefined;
        if (current === undefined) throw new ExpressionError(`${path}: no field ${field}`);
      }
      return current;
    },
  };
}

function collectIdentifiers(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) collectIdentifiers(child, into);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const { op, args } = node as { op?: unknown; args?: unknown };
  if (op === "id" && typeof args === "string") into.add(args);
  else collectIdentifiers(args, into);
}

/** CEL ints are bigints; outputs are JSON, so they become numbers (maps and lists recursively). */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.some(needsConversion) ? value.map(toJsonValue) : value;
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonValue(v)]));
  const record = value as Record<string, unknown>;
  for (const k in record) if (needsConversion(record[k])) return Object.fromEntries(Object.entries(record).map(([key, v]) => [key, toJsonValue(v)]));
  return value;
}

function needsConversion(value: unknown): boolean {
  if (typeof value === "bigint") return true;
  if (value === null || typeof value !== "object") return false;
  if (value instanceof Map) return true;
  if (Array.isArray(value)) return value.some(needsConversion);
  for (const k in value as Record<string, unknown>) if (needsConversion((value as Record<string, unknown>)[k])) return true;
  return false;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.trim();
}

/** A group key as a string: strings stay, numbers print, anything else as JSON. */
export function keyString(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? "null";
}

/** Event time from an expression result: ms since the epoch as a number, or an ISO-8601 string. */
export function eventTimeOf(value: unknown): number {
  if (typeof value === "number" && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === "string") {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new ExpressionError(`event time must be ms or an ISO-8601 string, got ${JSON.stringify(value)}`);
}

/** The result as a boolean for filters and predicates: anything but `true` is false. */
export function isTrue(value: unknown): boolean {
  return value === true;
}

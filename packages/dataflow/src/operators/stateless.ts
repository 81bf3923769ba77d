import { compileExpression, ExpressionError, isTrue, keyString, type Expression } from "../expressions/index.js";
import { elementId, Node, type Rec } from "./node.js";

/*
 * Record-at-a-time operators. They keep the record's id (flatMap numbers its elements) and event
 * time; an expression failing on a record skips the record and counts an error.
 */

/** Passes records whose predicate is `true`. */
export class FilterNode extends Node {
  readonly #predicate: Expression;

  constructor(id: string, predicate: string) {
    super(id, "filter", 1);
    this.#predicate = compileExpression(predicate);
  }

  push(rec: Rec): void {
    this.recordsIn++;
    let pass: unknown;
    try {
      pass = this.#predicate.evaluate(rec.value, rec.key, rec.time);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.failed(error.message);
      return;
    }
    if (isTrue(pass)) this.emit(rec);
  }
}

/** A new value: one expression's result, or an object of named expressions' results. */
export class MapNode extends Node {
  readonly #single: Expression | null;
  readonly #fields: [string, Expression][];

  constructor(id: string, map: string | Record<string, string>) {
    super(id, "map", 1);
    this.#single = typeof map === "string" ? compileExpression(map) : null;
    this.#fields = typeof map === "string" ? [] : Object.entries(map).map(([name, e]) => [name, compileExpression(e)]);
  }

  push(rec: Rec): void {
    this.recordsIn++;
    let value: unknown;
    try {
      if (this.#single !== null) value = this.#single.evaluate(rec.value, rec.key, rec.time);
      else {
        const out: Record<string, unknown> = {};
        for (const [name, expression] of this.#fields) out[name] = expression.evaluate(rec.value, rec.key, rec.time);
        value = out;
      }
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.failed(error.message);
      return;
    }
    this.emit({ key: rec.key, time: rec.time, value, id: rec.id });
  }
}

/** One record per element of the list the expression returns; element i of `s:p:o:0` is `s:p:o:i`. */
export class FlatMapNode extends Node {
  readonly #expression: Expression;

  constructor(id: string, expression: string) {
    super(id, "flatMap", 1);
    this.#expression = compileExpression(expression);
  }

  push(rec: Rec): void {
    this.recordsIn++;
    let list: unknown;
    try {
      list = this.#expression.evaluate(rec.value, rec.key, rec.time);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.failed(error.message);
      return;
    }
    if (!Array.isArray(list)) {
      this.failed(`${this.#expression.text}: expected a list`);
      return;
    }
    for (let i = 0; i < list.length; i++) this.emit({ key: rec.key, time: rec.time, value: list[i], id: elementId(rec.id, i) });
  }
}

/** Re-keys records (the key is the expression's result as a string). */
export class KeyByNode extends Node {
  readonly #expression: Expression;

  constructor(id: string, expression: string) {
    super(id, "keyBy", 1);
    this.#expression = compileExpression(expression);
  }

  push(rec: Rec): void {
    this.recordsIn++;
    let key: string;
    try {
      key = keyString(this.#expression.evaluate(rec.value, rec.key, rec.time));
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.failed(error.message);
      return;
    }
    this.emit({ key, time: rec.time, value: rec.value, id: rec.id });
  }
}

import { compileExpression, ExpressionError, keyString, type Expression } from "../expressions/index.js";
import { asObject, Node, type Rec } from "./node.js";

export interface LookupOptions {
  readonly table: string;
  readonly key?: string | undefined;
  readonly as: string;
  readonly type: "inner" | "left";
}

/**
 * Stream–table join: the table source's records keep the latest value per key (a null value
 * deletes it); a stream record gets `<as>: tableValue` added to its value (inner drops records
 * without a match, left adds null). The table does not hold back the watermark (port -1).
 */
export class LookupNode extends Node {
  readonly #key: Expression | null;
  readonly #as: string;
  readonly #inner: boolean;
  #table = new Map<string, unknown>();

  constructor(id: string, options: LookupOptions) {
    super(id, "lookup", 1);
    this.#key = options.key === undefined ? null : compileExpression(options.key);
    this.#as = options.as;
    this.#inner = options.type === "inner";
  }

  push(rec: Rec, port: number): void {
    if (port === -1) {
      if (rec.value === null) this.#table.delete(rec.key ?? "");
      else this.#table.set(rec.key ?? "", rec.value);
      return;
    }
    this.recordsIn++;
    let key: string;
    try {
      key = this.#key === null ? (rec.key ?? "") : keyString(this.#key.evaluate(rec.value, rec.key, rec.time));
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.failed(error.message);
      return;
    }
    const match = this.#table.get(key);
    if (match === undefined && this.#inner) return;
    this.emit({ key: rec.key, time: rec.time, value: { ...asObject(rec.value), [this.#as]: match ?? null }, id: rec.id });
  }

  override stateEntries(): number {
    return this.#table.size;
  }

  override snapshotState(): unknown {
    return this.#table;
  }

  override restoreState(state: unknown): void {
    this.#table = new Map(state as Map<string, unknown>);
  }
}

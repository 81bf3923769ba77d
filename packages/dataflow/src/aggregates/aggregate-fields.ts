import { DDSketch } from "@datadog/sketches-js";
import { compileExpression, ExpressionError, isTrue, type Expression } from "../expressions/index.js";

/*
 * Aggregate fields. A group's state is an array with one slot per field; slots are plain data
 * (numbers, small objects, Sets) except the percentile sketch, converted to bytes for snapshots.
 * `merge` combines two slots (hopping windows add up their panes), so every kind is mergeable.
 */

export type FieldSpec = { count: true | string } | { sum: string } | { min: string } | { max: string } | { avg: string } | { countDistinct: string } | { percentile: { of: string; p: number } };

type Slot = unknown;

interface FieldKind {
  readonly expression: Expression | null;
  init(): Slot;
  /** `input` is the expression's result for this record (already checked by `check`). */
  add(slot: Slot, input: unknown): Slot;
  merge(into: Slot, other: Slot): Slot;
  result(slot: Slot): unknown;
  /** Throws ExpressionError when an input is unusable (the record is skipped). */
  check(input: unknown): unknown;
  toPlain?(slot: Slot): unknown;
  fromPlain?(plain: unknown): Slot;
}

function numeric(input: unknown): number {
  if (typeof input === "number" && Number.isFinite(input)) return input;
  throw new ExpressionError(`expected a number, got ${JSON.stringify(input)}`);
}

function kindOf(spec: FieldSpec): FieldKind {
  if ("count" in spec) {
    const predicate = spec.count === true ? null : compileExpression(spec.count);
    return {
      expression: predicate,
      init: () => 0,
      add: (s, input) => (predicate === null || isTrue(input) ? (s as number) + 1 : s),
      merge: (a, b) => (a as number) + (b as number),
      result: (s) => s,
      check: (i) => i,
    };
  }
  if ("sum" in spec)
    return { expression: compileExpression(spec.sum), init: () => 0, add: (s, i) => (s as number) + (i as number), merge: (a, b) => (a as number) + (b as number), result: (s) => s, check: numeric };
  if ("min" in spec)
    return {
      expression: compileExpression(spec.min),
      init: () => null,
      add: (s, i) => (s === null || (i as number) < (s as number) ? i : s),
      merge: (a, b) => (a === null || (b !== null && (b as number) < (a as number)) ? b : a),
      result: (s) => s,
      check: numeric,
    };
  if ("max" in spec)
    return {
      expression: compileExpression(spec.max),
      init: () => null,
      add: (s, i) => (s === null || (i as number) > (s as number) ? i : s),
      merge: (a, b) => (a === null || (b !== null && (b as number) > (a as number)) ? b : a),
      result: (s) => s,
      check: numeric,
    };
  if ("avg" in spec)
    return {
      expression: compileExpression(spec.avg),
      init: () => [0, 0],
      add: (s, i) => {
        const pair = s as [number, number];
        pair[0] += i as number;
        pair[1] += 1;
        return pair;
      },
      merge: (a, b) => {
        const pair = a as [number, number];
        pair[0] += (b as [number, number])[0];
        pair[1] += (b as [number, number])[1];
        return pair;
      },
      result: (s) => ((s as [number, number])[1] === 0 ? null : (s as [number, number])[0] / (s as [number, number])[1]),
      check: numeric,
    };
  if ("countDistinct" in spec)
    return {
      expression: compileExpression(spec.countDistinct),
      init: () => new Set(),
      add: (s, i) => (s as Set<unknown>).add(i),
      merge: (a, b) => {
        for (const v of b as Set<unknown>) (a as Set<unknown>).add(v);
        return a;
      },
      result: (s) => (s as Set<unknown>).size,
      // Objects would be distinct by identity; their JSON text is what "distinct" means here.
      check: (i) => (i !== null && typeof i === "object" ? JSON.stringify(i) : i),
    };
  const { of, p } = spec.percentile;
  return {
    expression: compileExpression(of),
    init: () => new DDSketch({ relativeAccuracy: 0.01 }),
    add: (s, i) => {
      (s as DDSketch).accept(i as number);
      return s;
    },
    merge: (a, b) => {
      (a as DDSketch).merge(b as DDSketch);
      return a;
    },
    result: (s) => ((s as DDSketch).count === 0 ? null : (s as DDSketch).getValueAtQuantile(p)),
    check: numeric,
    toPlain: sketchToPlain,
    fromPlain: sketchFromPlain,
  };
}

/*
 * DDSketch's own toProto needs protobufjs (not installed) and drops min/max, so a snapshot keeps
 * its fields instead: the two dense stores, the zero count and the summary numbers.
 */
const SKETCH_FIELDS = ["zeroCount", "count", "min", "max", "sum"] as const;
const STORE_FIELDS = ["chunkSize", "bins", "count", "minKey", "maxKey", "offset"] as const;

function sketchToPlain(slot: Slot): unknown {
  const sketch = slot as unknown as Record<string, unknown>;
  const store = (s: unknown) => Object.fromEntries(STORE_FIELDS.map((f) => [f, (s as Record<string, unknown>)[f]]));
  return { ...Object.fromEntries(SKETCH_FIELDS.map((f) => [f, sketch[f]])), store: store(sketch.store), negativeStore: store(sketch.negativeStore) };
}

function sketchFromPlain(plain: unknown): Slot {
  const sketch = new DDSketch({ relativeAccuracy: 0.01 });
  const { store, negativeStore, ...summary } = plain as Record<string, unknown>;
  Object.assign(sketch, summary);
  Object.assign((sketch as unknown as { store: object }).store, store);
  Object.assign((sketch as unknown as { negativeStore: object }).negativeStore, negativeStore);
  return sketch;
}

/** The compiled fields of one aggregate: evaluate a record's inputs once, then add them to any number of groups. */
export class AggregateFields {
  readonly names: string[];
  readonly #kinds: FieldKind[];
  readonly #inputs: unknown[];

  constructor(fields: Record<string, FieldSpec>) {
    this.names = Object.keys(fields);
    this.#kinds = this.names.map((name) => kindOf(fields[name]!));
    this.#inputs = new Array<unknown>(this.#kinds.length);
  }

  /** Evaluates every field's expression on a record; throws ExpressionError (the record is skipped). */
  prepare(value: unknown, key: string | null, time: number): void {
    const kinds = this.#kinds;
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i]!;
      this.#inputs[i] = kind.expression === null ? true : kind.check(kind.expression.evaluate(value, key, time));
    }
  }

  init(): Slot[] {
    return this.#kinds.map((k) => k.init());
  }

  /** Adds the prepared inputs to a group's slots. */
  add(slots: Slot[]): void {
    const kinds = this.#kinds;
    for (let i = 0; i < kinds.length; i++) slots[i] = kinds[i]!.add(slots[i], this.#inputs[i]);
  }

  /** A fresh copy of `a` merged with `b` (`a` is left untouched when `copy` is true). */
  merge(into: Slot[], other: Slot[]): void {
    const kinds = this.#kinds;
    for (let i = 0; i < kinds.length; i++) into[i] = kinds[i]!.merge(into[i], other[i]);
  }

  /** Writes `name: result` of each field into `out`. */
  results(slots: Slot[], out: Record<string, unknown>): Record<string, unknown> {
    const kinds = this.#kinds;
    for (let i = 0; i < kinds.length; i++) out[this.names[i]!] = kinds[i]!.result(slots[i]);
    return out;
  }

  toPlain(slots: Slot[]): unknown[] {
    return slots.map((s, i) => this.#kinds[i]!.toPlain?.(s) ?? s);
  }

  fromPlain(plain: unknown[]): Slot[] {
    return plain.map((p, i) => this.#kinds[i]!.fromPlain?.(p) ?? p);
  }
}

/**
 * The guest SDK: what a SmartModule author imports. Each kind takes the author's
 * per-record function and returns the three exports of the `freshet:smartmodule`
 * world, so a module is written as
 *
 *   export const { describe, init, process } = filter({ params, apply });
 *
 * The SDK decodes packed batches lazily, turns every exception thrown for one
 * record into a record error (an uncaught throw would trap and kill the instance),
 * and checks parameters with the same code the host uses.
 */
import { SMART_MODULE_API_VERSION, type SmartModuleManifest } from "../manifest.js";
import { readPackedBatch, type PackedRecord } from "../packed/packed-reader.js";
import { PackedWriter } from "../packed/packed-writer.js";
import { parseParams, type ParamSpec, type ParamSpecs, type ParamType, type ParamValues } from "../params/param-spec.js";
import type { SmartModuleKind, SmartRecordHeader } from "../record.js";

export type { PackedRecord as SmartRecordView } from "../packed/packed-reader.js";
export type { ParamValues } from "../params/param-spec.js";

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** Key or value of an output record: text is stored as UTF-8. */
export type Bytes = Uint8Array | string | null;

/** An output record; fields left out are taken from the input record. */
export interface RecordOutput {
  readonly key?: Bytes;
  readonly value?: Bytes;
  readonly timestamp?: number;
  readonly headers?: readonly { key: string; value: Bytes }[];
}

/** A new value alone (string or bytes), or a record with the fields to change. */
export type Output = RecordOutput | string | Uint8Array;

/** A record the module could not handle, by its position in the input batch. */
export interface RecordError {
  index: number;
  message: string;
}

/** The exports of the `freshet:smartmodule` world as componentize-js expects them. */
export interface SmartModuleExports {
  describe(): string;
  init(params: [string, string][]): void;
  process(batch: Uint8Array, accumulator: Uint8Array): { records: Uint8Array; errors: RecordError[]; accumulator: Uint8Array };
}

interface Definition<S extends ParamSpecs> {
  readonly name?: string;
  readonly description?: string;
  readonly params?: S;
}

/** Helpers to declare parameters: `param.string("what it is")`, `param.integer("n", "10")`. */
export const param = {
  string: (description?: string, defaultValue?: string) => spec("string", description, defaultValue),
  integer: (description?: string, defaultValue?: string) => spec("integer", description, defaultValue),
  number: (description?: string, defaultValue?: string) => spec("number", description, defaultValue),
  boolean: (description?: string, defaultValue?: string) => spec("boolean", description, defaultValue),
  /** Comma-separated values, handed to the module as a string array. */
  list: (description?: string, defaultValue?: string) => spec("list", description, defaultValue),
} as const;

/** Keeps the literal type, so `apply` sees `params.field` as a string, `params.n` as a number. */
function spec<T extends ParamType>(type: T, description?: string, defaultValue?: string): ParamSpec & { readonly type: T } {
  return { type, ...(description === undefined ? {} : { description }), ...(defaultValue === undefined ? {} : { default: defaultValue }) };
}

function messageOf(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}

function toBytes(value: Bytes): Uint8Array | null {
  return typeof value === "string" ? textEncoder.encode(value) : value;
}

function writeOutput(writer: PackedWriter, input: PackedRecord, output: Output): void {
  if (typeof output === "string" || output instanceof Uint8Array) {
    writer.addWithValue(input, output);
    return;
  }
  writer.add({
    offset: input.offset,
    timestamp: output.timestamp ?? input.timestamp,
    key: output.key === undefined ? input.key : toBytes(output.key),
    value: output.value === undefined ? input.value : toBytes(output.value),
    headers: output.headers === undefined ? input.headers : output.headers.map((h): SmartRecordHeader => ({ key: h.key, value: toBytes(h.value) })),
  });
}

type BatchState = { accumulator: unknown };

/** What a kind does with one batch: writes its output records and collects per-record errors. */
type BatchBody<S extends ParamSpecs> = (records: readonly PackedRecord[], batch: Uint8Array, params: ParamValues<S>, writer: PackedWriter, state: BatchState, errors: RecordError[]) => void;

/** A batch body that hands each record to `perRecord`, turning what it throws into that record's error. */
function eachRecord<S extends ParamSpecs>(perRecord: (record: PackedRecord, params: ParamValues<S>, writer: PackedWriter, state: BatchState) => void): BatchBody<S> {
  return (records, _batch, params, writer, state, errors) => {
    for (let index = 0; index < records.length; index++) {
      try {
        perRecord(records[index]!, params, writer, state);
      } catch (cause) {
        errors.push({ index, message: messageOf(cause) });
      }
    }
  };
}

/** Builds the world's exports around a per-batch body. */
function smartModule<S extends ParamSpecs>(kind: SmartModuleKind, definition: Definition<S>, body: BatchBody<S>, accumulator?: { initial(params: ParamValues<S>): unknown }): SmartModuleExports {
  const specs = (definition.params ?? {}) as S;
  const manifest: SmartModuleManifest = {
    apiVersion: SMART_MODULE_API_VERSION,
    kind,
    ...(definition.name === undefined ? {} : { name: definition.name }),
    ...(definition.description === undefined ? {} : { description: definition.description }),
    params: specs,
  };
  let params: ParamValues<S> | undefined;
  return {
    describe: () => JSON.stringify(manifest),
    init(given) {
      const parsed = parseParams(specs, given, definition.name);
      if (!parsed.ok) throw { tag: "invalid-params", val: parsed.message };
      params = parsed.value;
    },
    process(batch, accumulatorIn) {
      try {
        if (params === undefined) throw new Error("init was not called before process");
        const ready = params;
        const state = { accumulator: undefined as unknown };
        if (accumulator !== undefined) {
          state.accumulator = accumulatorIn.byteLength === 0 ? accumulator.initial(ready) : JSON.parse(textDecoder.decode(accumulatorIn));
        }
        const writer = new PackedWriter(batch.byteLength + 64);
        const errors: RecordError[] = [];
        body(readPackedBatch(batch), batch, ready, writer, state, errors);
        const accumulatorOut = accumulator === undefined ? accumulatorIn : textEncoder.encode(JSON.stringify(state.accumulator));
        return { records: writer.finish(), errors, accumulator: accumulatorOut };
      } catch (cause) {
        throw { tag: "failed", val: messageOf(cause) };
      }
    },
  };
}

export function filter<S extends ParamSpecs = Record<never, ParamSpec>>(definition: Definition<S> & { apply(record: PackedRecord, params: ParamValues<S>): boolean }): SmartModuleExports {
  // Kept records are copied a run of neighbours at a time, not one by one.
  return smartModule("filter", definition, (records, batch, params, writer, _state, errors) => {
    let runStart = 0;
    let runEnd = 0;
    let runCount = 0;
    for (let index = 0; index < records.length; index++) {
      const record = records[index]!;
      let keep = false;
      try {
        keep = definition.apply(record, params);
      } catch (cause) {
        errors.push({ index, message: messageOf(cause) });
      }
      if (!keep) continue;
      if (record.start !== runEnd) {
        if (runCount > 0) writer.addPacked(batch.subarray(runStart, runEnd), runCount);
        runStart = record.start;
        runCount = 0;
      }
      runEnd = record.end;
      runCount++;
    }
    if (runCount > 0) writer.addPacked(batch.subarray(runStart, runEnd), runCount);
  });
}

export function map<S extends ParamSpecs = Record<never, ParamSpec>>(definition: Definition<S> & { apply(record: PackedRecord, params: ParamValues<S>): Output }): SmartModuleExports {
  return smartModule(
    "map",
    definition,
    eachRecord((record, params, writer) => writeOutput(writer, record, definition.apply(record, params))),
  );
}

/** Maps a record, or drops it by returning null. */
export function filterMap<S extends ParamSpecs = Record<never, ParamSpec>>(
  definition: Definition<S> & { apply(record: PackedRecord, params: ParamValues<S>): Output | null | undefined },
): SmartModuleExports {
  return smartModule(
    "filter-map",
    definition,
    eachRecord((record, params, writer) => {
      const output = definition.apply(record, params);
      if (output !== null && output !== undefined) writeOutput(writer, record, output);
    }),
  );
}

/** Turns one record into any number of records, all carrying its offset. */
export function arrayMap<S extends ParamSpecs = Record<never, ParamSpec>>(definition: Definition<S> & { apply(record: PackedRecord, params: ParamValues<S>): Iterable<Output> }): SmartModuleExports {
  return smartModule(
    "array-map",
    definition,
    eachRecord((record, params, writer) => {
      // Collected first, so a throw halfway leaves no partial output for the record;
      // an array is already collected. Indexed, not for-of: an iterator is costly in a
      // module's interpreter (about 3 µs a loop under StarlingMonkey).
      const returned = definition.apply(record, params);
      const outputs = Array.isArray(returned) ? (returned as readonly Output[]) : [...returned];
      for (let i = 0; i < outputs.length; i++) writeOutput(writer, record, outputs[i]!);
    }),
  );
}

/**
 * Folds records into an accumulator (any JSON value). Each input record yields
 * one output record whose value is the accumulator after it, so a consumer sees
 * the running result.
 */
export function aggregate<A, S extends ParamSpecs = Record<never, ParamSpec>>(
  definition: Definition<S> & { initial(params: ParamValues<S>): A; apply(accumulator: A, record: PackedRecord, params: ParamValues<S>): A },
): SmartModuleExports {
  return smartModule(
    "aggregate",
    definition,
    eachRecord((record, params, writer, state) => {
      const next = definition.apply(state.accumulator as A, record, params);
      const value = JSON.stringify(next);
      state.accumulator = next;
      writer.add({ offset: record.offset, timestamp: record.timestamp, key: record.key, value: textEncoder.encode(value), headers: [] });
    }),
    { initial: definition.initial },
  );
}

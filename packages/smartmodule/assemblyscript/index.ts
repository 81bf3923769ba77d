/**
 * The AssemblyScript guest SDK: what an AssemblyScript SmartModule imports.
 * A module declares itself once, at top level, with one of the five kinds:
 *
 *   filter("name", "description", [param.string("contains", "text to look for", "error")],
 *     (record: SmartRecord, params: Params): bool => record.valueText().includes(params.string("contains")));
 *
 * The build adds the world's exports (abi.ts). A record the module cannot handle
 * is reported with `record.fail(message)` (AssemblyScript has no exceptions): it is
 * left out of the output and the rest of the batch goes on.
 */
import { Header, SmartRecord } from "./record";
import { JsonValue } from "./json";
import { ParamSpec, Params } from "./params";

export { Header, SmartRecord } from "./record";
export { JsonKind, JsonValue, numberText } from "./json";
export { param, ParamSpec, Params } from "./params";
export { Regex, regexError } from "./regex";

/** An output record; fields not set are taken from the input record. */
export class Output {
  keySet: bool = false;
  key: Uint8Array | null = null;
  valueSet: bool = false;
  value: Uint8Array | null = null;
  timestampSet: bool = false;
  timestamp: i64 = 0;
  headers: Header[] | null = null;

  /** The input record with a new value, stored as UTF-8. */
  static text(value: string): Output {
    return new Output().withValue(value);
  }

  /** The input record with new value bytes (null for none). */
  static bytes(value: Uint8Array | null): Output {
    return new Output().withValueBytes(value);
  }

  /** The input record unchanged, for changing single fields with the `with` methods. */
  static same(): Output {
    return new Output();
  }

  withValue(value: string): Output {
    return this.withValueBytes(Uint8Array.wrap(String.UTF8.encode(value)));
  }

  withValueBytes(value: Uint8Array | null): Output {
    this.valueSet = true;
    this.value = value;
    return this;
  }

  withKey(key: string | null): Output {
    return this.withKeyBytes(key === null ? null : Uint8Array.wrap(String.UTF8.encode(key)));
  }

  withKeyBytes(key: Uint8Array | null): Output {
    this.keySet = true;
    this.key = key;
    return this;
  }

  withTimestamp(timestamp: i64): Output {
    this.timestampSet = true;
    this.timestamp = timestamp;
    return this;
  }

  withHeaders(headers: Header[]): Output {
    this.headers = headers;
    return this;
  }
}

export type FilterFn = (record: SmartRecord, params: Params) => bool;
export type MapFn = (record: SmartRecord, params: Params) => Output;
/** Returns null to drop the record. */
export type FilterMapFn = (record: SmartRecord, params: Params) => Output | null;
export type ArrayMapFn = (record: SmartRecord, params: Params) => Output[];
export type InitialFn = (params: Params) => JsonValue;
export type AggregateFn = (accumulator: JsonValue, record: SmartRecord, params: Params) => JsonValue;

/** @internal What the module declared; abi.ts serves the world's exports from it. */
export class Definition {
  filter: FilterFn | null = null;
  map: MapFn | null = null;
  filterMap: FilterMapFn | null = null;
  arrayMap: ArrayMapFn | null = null;
  initial: InitialFn | null = null;
  aggregate: AggregateFn | null = null;

  constructor(
    public kind: string,
    public name: string,
    public description: string,
    public params: ParamSpec[],
  ) {}
}

/** @internal */
export let definition: Definition | null = null;

function declare(kind: string, name: string, description: string, params: ParamSpec[]): Definition {
  // One module, one kind: a second declaration would silently replace the first.
  assert(definition === null, "a SmartModule declares its kind once");
  const declared = new Definition(kind, name, description, params);
  definition = declared;
  return declared;
}

/** Keeps the records for which `apply` returns true. */
export function filter(name: string, description: string, params: ParamSpec[], apply: FilterFn): void {
  declare("filter", name, description, params).filter = apply;
}

/** Turns each record into one output record. */
export function map(name: string, description: string, params: ParamSpec[], apply: MapFn): void {
  declare("map", name, description, params).map = apply;
}

/** Maps a record, or drops it by returning null. */
export function filterMap(name: string, description: string, params: ParamSpec[], apply: FilterMapFn): void {
  declare("filter-map", name, description, params).filterMap = apply;
}

/** Turns one record into any number of records, all carrying its offset. */
export function arrayMap(name: string, description: string, params: ParamSpec[], apply: ArrayMapFn): void {
  declare("array-map", name, description, params).arrayMap = apply;
}

/**
 * Folds records into an accumulator (any JSON value). Each input record yields
 * one output record whose value is the accumulator after it, so a consumer sees
 * the running result. A failed record leaves the accumulator unchanged.
 */
export function aggregate(name: string, description: string, params: ParamSpec[], initial: InitialFn, apply: AggregateFn): void {
  const declared = declare("aggregate", name, description, params);
  declared.initial = initial;
  declared.aggregate = apply;
}

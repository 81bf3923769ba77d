/**
 * The `freshet:smartmodule` world's exports in the component model's canonical
 * ABI, written by hand (AssemblyScript has no bindings generator for it). The
 * build compiles this file as the module's entry, beside the author's file.
 *
 * Layouts (strings UTF-8, lists as pointer + length, all 4-byte aligned):
 *   describe -> string:                  ret: ptr @0, len @4
 *   init(list<tuple<string,string>>)     16 bytes per tuple: key ptr/len, value ptr/len
 *     -> result<_, sm-error>:            ret: tag u8 @0; sm-error tag u8 @4, string @8/@12
 *   process(list<u8>, list<u8>)
 *     -> result<output, sm-error>:       ret: tag u8 @0; records @4/@8, errors @12/@16,
 *                                        accumulator @20/@24 (or sm-error as above)
 *   record-error:                        12 bytes: index u32 @0, message @4/@8
 */
import { definition, Output } from "./index";
import { JsonValue, jsonError, parseJson } from "./json";
import { packedError, PackedWriter, readBatch } from "./packed";
import { Params, paramsError, parseParams } from "./params";
import { SmartRecord } from "./record";

const RETURN_AREA: usize = memory.data(32);
const SM_ERROR_INVALID_PARAMS: u8 = 0;
const SM_ERROR_FAILED: u8 = 1;

let params: Params | null = null;
/**
 * The batch in progress, held in globals so that a collection between two records
 * sees it as live: the minimal runtime does not scan the stack.
 */
let batchRecords: SmartRecord[] = [];
let batchErrors: SmartRecord[] = [];
let batchAccumulator: JsonValue | null = null;
let batchWriter: PackedWriter | null = null;
/** Memory pages when garbage was last collected. */
let pagesAtCollect: i32 = 0;
/** New pages that make a collection between records worth it: 4 MiB of garbage. */
const COLLECT_AFTER_PAGES: i32 = 64;
/** Buffers lent to the host until its post-return call (managed: kept alive by this array). */
const lent = new Array<ArrayBuffer>();
/** Unmanaged blocks to free at post-return: the host's arguments and the error list. */
const toFree = new Array<usize>();

/** Allocates for the host's arguments; they are freed after the call that received them. */
export function cabi_realloc(oldPtr: usize, oldSize: usize, align: usize, newSize: usize): usize {
  if (oldPtr != 0) return heap.realloc(oldPtr, newSize);
  const block = heap.alloc(newSize);
  toFree.push(block);
  return block;
}

function release(): void {
  for (let i = 0; i < toFree.length; i++) heap.free(unchecked(toFree[i]));
  toFree.length = 0;
  lent.length = 0;
  // The build uses the minimal runtime, which collects only when asked: once per
  // call, after the host has copied the results out and nothing is on the stack.
  __collect();
  pagesAtCollect = memory.size();
}

/** Between records of a big batch: collects once the heap has grown by COLLECT_AFTER_PAGES since the last collection. */
function collectIfGrown(): void {
  if (memory.size() - pagesAtCollect < COLLECT_AFTER_PAGES) return;
  __collect();
  pagesAtCollect = memory.size();
}

/** Stores a string for the host as UTF-8 at `at` (pointer, length). */
function lendString(at: usize, text: string): void {
  const bytes = String.UTF8.encode(text);
  lent.push(bytes);
  store<usize>(at, changetype<usize>(bytes));
  store<i32>(at + 4, bytes.byteLength);
}

function manifest(): string {
  const d = definition;
  if (d === null) return `{"apiVersion":"0.1.0","kind":"missing","params":{}}`;
  let text = `{"apiVersion":"0.1.0","kind":"${d.kind}"`;
  if (d.name != "") text += `,"name":${quoteJson(d.name)}`;
  if (d.description != "") text += `,"description":${quoteJson(d.description)}`;
  text += `,"params":{`;
  for (let i = 0; i < d.params.length; i++) {
    const spec = unchecked(d.params[i]);
    if (i > 0) text += ",";
    text += `${quoteJson(spec.name)}:${spec.json()}`;
  }
  return text + "}}";
}

function quoteJson(text: string): string {
  return JsonValue.fromString(text).stringify();
}

export function describe(): usize {
  lendString(RETURN_AREA, manifest());
  return RETURN_AREA;
}

export function cabi_post_describe(_ret: usize): void {
  release();
}

function failWith(tag: u8, message: string): usize {
  store<u8>(RETURN_AREA, 1);
  store<u8>(RETURN_AREA, tag, 4);
  lendString(RETURN_AREA + 8, message);
  return RETURN_AREA;
}

export function init(pairs: usize, count: i32): usize {
  const d = definition;
  if (d === null) return failWith(SM_ERROR_INVALID_PARAMS, "the module declares no kind: call filter, map, filterMap, arrayMap or aggregate at top level");
  const names = new Array<string>(count);
  const values = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const at = pairs + <usize>(i * 16);
    names[i] = String.UTF8.decodeUnsafe(load<usize>(at), <usize>load<i32>(at, 4));
    values[i] = String.UTF8.decodeUnsafe(load<usize>(at, 8), <usize>load<i32>(at, 12));
  }
  const parsed = parseParams(d.params, names, values, d.name == "" ? "the module" : d.name);
  if (parsed === null) return failWith(SM_ERROR_INVALID_PARAMS, paramsError);
  params = parsed;
  store<u8>(RETURN_AREA, 0);
  return RETURN_AREA;
}

export function cabi_post_init(_ret: usize): void {
  release();
}

function writeBytesField(writer: PackedWriter, set: bool, value: Uint8Array | null, inputAt: usize, inputLength: i32): void {
  if (set) writer.bytes(value);
  else writer.field(inputAt + 4, inputLength);
}

function writeOutput(writer: PackedWriter, record: SmartRecord, output: Output): void {
  writer.i64(record.offset);
  writer.i64(output.timestampSet ? output.timestamp : record.timestamp);
  const keyAt = record.keyPointer - 4;
  writeBytesField(writer, output.keySet, output.key, keyAt, load<i32>(keyAt));
  const valueAt = record.valuePointer - 4;
  writeBytesField(writer, output.valueSet, output.value, valueAt, load<i32>(valueAt));
  const headers = output.headers;
  if (headers === null) writer.raw(record.headersPointer, record.headersLength);
  else {
    writer.i32(headers.length);
    for (let i = 0; i < headers.length; i++) {
      const header = unchecked(headers[i]);
      const key = String.UTF8.encode(header.key);
      writer.field(changetype<usize>(key), key.byteLength);
      writer.bytes(header.value);
    }
  }
  writer.count++;
}

export function process(batch: usize, batchLength: i32, accumulatorIn: usize, accumulatorLength: i32): usize {
  const d = definition;
  const ready = params;
  if (d === null || ready === null) return failWith(SM_ERROR_FAILED, "Error: init was not called before process");
  const records = readBatch(batch, batchLength);
  if (records === null) return failWith(SM_ERROR_FAILED, packedError);
  batchRecords = records;
  batchAccumulator = null;
  const initial = d.initial;
  if (initial !== null) {
    batchAccumulator = accumulatorLength == 0 ? initial(ready) : parseJson(accumulatorIn, accumulatorLength);
    if (batchAccumulator === null) return failWith(SM_ERROR_FAILED, jsonError);
  }
  const writer = new PackedWriter(batchLength + 64);
  batchWriter = writer;
  batchErrors = new Array<SmartRecord>();
  const filterFn = d.filter;
  const mapFn = d.map;
  const filterMapFn = d.filterMap;
  const arrayMapFn = d.arrayMap;
  const aggregateFn = d.aggregate;
  for (let i = 0; i < batchRecords.length; i++) {
    const record = unchecked(batchRecords[i]);
    if (filterFn !== null) {
      const keep = filterFn(record, ready);
      if (record.error === null && keep) {
        writer.raw(record.rawPointer, record.rawLength);
        writer.count++;
      }
    } else if (mapFn !== null) {
      const output = mapFn(record, ready);
      if (record.error === null) writeOutput(writer, record, output);
    } else if (filterMapFn !== null) {
      const output = filterMapFn(record, ready);
      if (record.error === null && output !== null) writeOutput(writer, record, output);
    } else if (arrayMapFn !== null) {
      const outputs = arrayMapFn(record, ready);
      if (record.error === null) for (let j = 0; j < outputs.length; j++) writeOutput(writer, record, unchecked(outputs[j]));
    } else if (aggregateFn !== null) {
      const next = aggregateFn(batchAccumulator!, record, ready);
      if (record.error === null) {
        batchAccumulator = next;
        const value = String.UTF8.encode(next.stringify());
        writer.i64(record.offset);
        writer.i64(record.timestamp);
        const keyAt = record.keyPointer - 4;
        writer.field(keyAt + 4, load<i32>(keyAt));
        writer.field(changetype<usize>(value), value.byteLength);
        writer.i32(0);
        writer.count++;
      }
    }
    if (record.error !== null) batchErrors.push(record);
    collectIfGrown();
  }
  const errors = batchErrors;
  const accumulator = batchAccumulator;
  batchRecords = [];
  batchErrors = [];
  batchAccumulator = null;
  store<u8>(RETURN_AREA, 0);
  store<usize>(RETURN_AREA, PackedWriter.buffer, 4);
  store<i32>(RETURN_AREA, batchWriter!.finish(), 8);
  batchWriter = null;
  const errorList = heap.alloc(<usize>max(errors.length * 12, 1));
  toFree.push(errorList);
  for (let i = 0; i < errors.length; i++) {
    const record = unchecked(errors[i]);
    store<u32>(errorList + <usize>(i * 12), record.index);
    lendString(errorList + <usize>(i * 12) + 4, record.error!);
  }
  store<usize>(RETURN_AREA, errorList, 12);
  store<i32>(RETURN_AREA, errors.length, 16);
  if (accumulator === null) {
    store<usize>(RETURN_AREA, accumulatorIn, 20);
    store<i32>(RETURN_AREA, accumulatorLength, 24);
  } else lendString(RETURN_AREA + 20, accumulator.stringify());
  return RETURN_AREA;
}

export function cabi_post_process(_ret: usize): void {
  release();
}

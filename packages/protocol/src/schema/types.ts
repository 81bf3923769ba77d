import type { Reader } from "../io/reader.js";
import { utf8Bytes, type Writer } from "../io/writer.js";

/**
 * How one wire type is read and written. `flexible` selects the compact encodings
 * of KIP-482 (uvarint lengths, tagged-field buffers) used by flexible versions.
 */
export interface WireType<T> {
  read(reader: Reader, flexible: boolean, version: number): T;
  write(writer: Writer, value: T, flexible: boolean, version: number): void;
  /** Value a decoder yields for a field absent in the version being read. */
  readonly empty: T;
  /** What the type is, so tests can derive values from our own schemas. */
  readonly kind: WireKind;
}

/** One field of a struct, present in versions [min, max]; elsewhere it reads as `fallback`. */
export interface StructField {
  readonly name: string;
  readonly type: WireType<unknown>;
  readonly min: number;
  readonly max: number;
  readonly fallback: unknown;
}

type FixedKind = "int8" | "int16" | "int32" | "uint32" | "int64" | "float64" | "bool";

/** The shape of a wire type: its primitive, element type, nullability by version or fields. */
export type WireKind =
  | { readonly kind: FixedKind | "string" | "bytes" | "nullableBytes" | "uuid" }
  /** `nullableFrom`: first version in which null may be written (0 when unset). */
  | { readonly kind: "nullableString"; readonly nullableFrom?: number }
  | { readonly kind: "array"; readonly of: WireType<unknown> }
  | {
      readonly kind: "nullableArray";
      readonly of: WireType<unknown>;
      /** First version in which null can be written. */
      readonly nullableFrom: number;
      /** Before this version an empty array is written and read as null (Metadata v0). */
      readonly emptyIsNullBefore?: number;
    }
  | { readonly kind: "struct"; readonly fields: readonly StructField[] };

export type Infer<T> = T extends WireType<infer V> ? V : never;

function fixed<T>(kind: FixedKind, empty: T, read: (r: Reader) => T, write: (w: Writer, v: T) => void): WireType<T> {
  return { kind: { kind }, empty, read: (r) => read(r), write: (w, v) => write(w, v) };
}

export const int8 = fixed(
  "int8",
  0,
  (r) => r.int8(),
  (w, v) => w.int8(v),
);
export const int16 = fixed(
  "int16",
  0,
  (r) => r.int16(),
  (w, v) => w.int16(v),
);
export const int32 = fixed(
  "int32",
  0,
  (r) => r.int32(),
  (w, v) => w.int32(v),
);
export const uint32 = fixed(
  "uint32",
  0,
  (r) => r.uint32(),
  (w, v) => w.uint32(v),
);
export const int64 = fixed(
  "int64",
  0n,
  (r) => r.int64(),
  (w, v) => w.int64(v),
);
export const float64 = fixed(
  "float64",
  0,
  (r) => r.float64(),
  (w, v) => w.float64(v),
);
export const bool = fixed(
  "bool",
  false,
  (r) => r.bool(),
  (w, v) => w.bool(v),
);

/** Length of a string/bytes field: int16/int32 classic, uvarint(N+1) compact; -1 = null. */
function readLength(reader: Reader, flexible: boolean, wide: boolean): number {
  if (flexible) return reader.uvarint() - 1;
  return wide ? reader.int32() : reader.int16();
}

function writeLength(writer: Writer, length: number, flexible: boolean, wide: boolean): void {
  if (flexible) writer.uvarint(length + 1);
  else if (wide) writer.int32(length);
  else writer.int16(length);
}

function readNullableText(reader: Reader, flexible: boolean): string | null {
  const length = readLength(reader, flexible, false);
  if (length < -1) reader.fail(`invalid string length ${length}`);
  return length === -1 ? null : reader.utf8(length);
}

function writeNullableText(writer: Writer, value: string | null, flexible: boolean): void {
  if (value === null) {
    writeLength(writer, -1, flexible, false);
    return;
  }
  const encoded = utf8Bytes(value);
  if (!flexible && encoded.byteLength > 0x7fff) throw new RangeError("string longer than 32767 bytes");
  writeLength(writer, encoded.byteLength, flexible, false);
  writer.bytes(encoded);
}

export const nullableString: WireType<string | null> = {
  kind: { kind: "nullableString" },
  empty: null,
  read: (r, flexible) => readNullableText(r, flexible),
  write: (w, v, flexible) => writeNullableText(w, v, flexible),
};

/** A string that may be null only from `version` on (Kafka's nullableVersions "N+" on a field present before N). */
export function nullableStringFrom(version: number): WireType<string | null> {
  return {
    kind: { kind: "nullableString", nullableFrom: version },
    empty: null,
    read(reader, flexible, at) {
      const value = readNullableText(reader, flexible);
      if (value === null && at < version) return reader.fail(`null string before version ${version}`);
      return value;
    },
    write(writer, value, flexible, at) {
      if (value === null && at < version) throw new RangeError(`null string cannot be written before version ${version}`);
      writeNullableText(writer, value, flexible);
    },
  };
}

const UUID_BYTES = 16;
/** Kafka's Uuid.ZERO_UUID: "no topic id". */
export const ZERO_UUID = "00000000-0000-0000-0000-000000000000";

/** UUID: 16 raw bytes on the wire, the canonical lowercase 8-4-4-4-12 text in memory. */
export const uuid: WireType<string> = {
  kind: { kind: "uuid" },
  empty: ZERO_UUID,
  read(reader) {
    const hex = Buffer.from(reader.bytes(UUID_BYTES)).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  },
  write(writer, value) {
    const hex = value.replaceAll("-", "");
    if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`not a UUID: ${value}`);
    writer.bytes(new Uint8Array(Buffer.from(hex, "hex")));
  },
};

export const string: WireType<string> = {
  kind: { kind: "string" },
  empty: "",
  read(reader, flexible) {
    const value = readNullableText(reader, flexible);
    if (value === null) return reader.fail("null in a non-nullable string");
    return value;
  },
  write: (w, v, flexible) => writeNullableText(w, v, flexible),
};

function readNullableBlob(reader: Reader, flexible: boolean): Uint8Array | null {
  const length = readLength(reader, flexible, true);
  if (length < -1) reader.fail(`invalid bytes length ${length}`);
  return length === -1 ? null : reader.bytes(length);
}

function writeNullableBlob(writer: Writer, value: Uint8Array | null, flexible: boolean): void {
  writeLength(writer, value === null ? -1 : value.byteLength, flexible, true);
  if (value !== null) writer.bytes(value);
}

/** BYTES: a view into the frame (no copy); copy it if it must outlive the frame. */
export const bytes: WireType<Uint8Array> = {
  kind: { kind: "bytes" },
  empty: new Uint8Array(0),
  read(reader, flexible) {
    const value = readNullableBlob(reader, flexible);
    if (value === null) return reader.fail("null in non-nullable bytes");
    return value;
  },
  write: (w, v, flexible) => writeNullableBlob(w, v, flexible),
};

export const nullableBytes: WireType<Uint8Array | null> = {
  kind: { kind: "nullableBytes" },
  empty: null,
  read: (r, flexible) => readNullableBlob(r, flexible),
  write: (w, v, flexible) => writeNullableBlob(w, v, flexible),
};

/** RECORDS: record batches as opaque bytes (see records/). */
export const records = nullableBytes;

function readCount(reader: Reader, flexible: boolean): number {
  const count = flexible ? reader.uvarint() - 1 : reader.int32();
  // Every element takes at least one byte, so a count above the bytes left is a lie.
  if (count > reader.remaining) reader.fail(`array count ${count} exceeds ${reader.remaining} remaining bytes`);
  if (count < -1) reader.fail(`invalid array count ${count}`);
  return count;
}

function readElements<T>(reader: Reader, count: number, of: WireType<T>, flexible: boolean, version: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < count; i++) out.push(of.read(reader, flexible, version));
  return out;
}

function writeElements<T>(writer: Writer, value: readonly T[], of: WireType<T>, flexible: boolean, version: number): void {
  if (flexible) writer.uvarint(value.length + 1);
  else writer.int32(value.length);
  for (const item of value) of.write(writer, item, flexible, version);
}

export function array<T>(of: WireType<T>): WireType<T[]> {
  return {
    kind: { kind: "array", of },
    empty: [],
    read(reader, flexible, version) {
      const count = readCount(reader, flexible);
      if (count === -1) return reader.fail("null in a non-nullable array");
      return readElements(reader, count, of, flexible, version);
    },
    write: (w, v, flexible, version) => writeElements(w, v, of, flexible, version),
  };
}

export function nullableArray<T>(of: WireType<T>): WireType<T[] | null> {
  return {
    kind: { kind: "nullableArray", of, nullableFrom: 0 },
    empty: null,
    read(reader, flexible, version) {
      const count = readCount(reader, flexible);
      return count === -1 ? null : readElements(reader, count, of, flexible, version);
    },
    write(writer, value, flexible, version) {
      if (value !== null) return writeElements(writer, value, of, flexible, version);
      if (flexible) writer.uvarint(0);
      else writer.int32(-1);
    },
  };
}

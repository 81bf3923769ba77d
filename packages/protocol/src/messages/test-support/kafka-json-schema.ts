/*
 * An independent reading of Kafka's message JSON (test-fixtures/kafka-message-json),
 * used as the oracle for the hand-written schemas: it encodes a value field by field
 * straight from the JSON, projects a value onto what a decoder must return for a
 * version, and generates arbitrary values. It shares no code with src/schema so a
 * mistake there cannot hide the same mistake here.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";

export interface FieldSpec {
  readonly name: string;
  readonly type: string;
  readonly versions: string;
  readonly nullableVersions?: string;
  readonly taggedVersions?: string;
  readonly default?: string | number | boolean;
  readonly fields?: readonly FieldSpec[];
}

export interface MessageSpec {
  readonly apiKey: number;
  readonly name: string;
  readonly validVersions: string;
  readonly flexibleVersions: string;
  readonly fields: readonly FieldSpec[];
}

const fixtureDir = new URL("../../../test-fixtures/kafka-message-json/", import.meta.url);

export function loadMessageSpec(name: string): MessageSpec {
  const text = readFileSync(new URL(`${name}.json`, fixtureDir), "utf8");
  // The files carry a license header and notes as // line comments.
  const json = text
    .split("\n")
    .filter((line) => !/^\s*\/\//.test(line))
    .join("\n");
  return JSON.parse(json) as MessageSpec;
}

interface VersionRange {
  readonly min: number;
  readonly max: number;
}

export function parseVersions(text: string | undefined): VersionRange {
  if (text === undefined || text === "none") return { min: Number.POSITIVE_INFINITY, max: -1 };
  if (text.endsWith("+")) return { min: Number(text.slice(0, -1)), max: Number.POSITIVE_INFINITY };
  const [min, max = min] = text.split("-");
  return { min: Number(min), max: Number(max) };
}

function inRange(text: string | undefined, version: number): boolean {
  const range = parseVersions(text);
  return version >= range.min && version <= range.max;
}

/** Kafka's JSON field names are PascalCase (a few are already camelCase); ours are lowerCamelCase. */
export function fieldKey(field: FieldSpec): string {
  return field.name.charAt(0).toLowerCase() + field.name.slice(1);
}

function onWire(field: FieldSpec, version: number): boolean {
  return inRange(field.versions, version) && field.taggedVersions === undefined;
}

/** The versions a schema implements; fields Kafka added later are not part of its type. */
export interface ImplementedRange {
  readonly minVersion: number;
  readonly maxVersion: number;
}

function implemented(field: FieldSpec, scope: ImplementedRange): boolean {
  const range = parseVersions(field.versions);
  return field.taggedVersions === undefined && range.min <= scope.maxVersion && range.max >= scope.minVersion;
}

function isNullableEver(field: FieldSpec): boolean {
  return field.nullableVersions !== undefined;
}

function elementType(field: FieldSpec): string | null {
  return field.type.startsWith("[]") ? field.type.slice(2) : null;
}

function isStructType(type: string): boolean {
  return /^[A-Z]/.test(type);
}

/** The value Kafka (and our fallback) gives a field absent from the version. */
export function defaultValue(field: FieldSpec): unknown {
  const declared = field.default;
  if (declared === "null") return null;
  if (elementType(field) !== null) return isNullableEver(field) && declared === undefined ? null : [];
  switch (field.type) {
    case "int8":
    case "int16":
    case "int32":
      return declared === undefined ? 0 : Number(declared);
    case "int64":
      return declared === undefined ? 0n : BigInt(declared);
    case "bool":
      return declared === undefined ? false : declared === true || declared === "true";
    case "string":
      if (declared !== undefined) return String(declared);
      return isNullableEver(field) ? null : "";
    case "bytes":
    case "records":
      return isNullableEver(field) ? null : new Uint8Array(0);
    default:
      throw new Error(`no default for ${field.name}: ${field.type}`);
  }
}

/** What a decoder must return after `value` was written at `version`. */
export function expectedAt(
  fields: readonly FieldSpec[],
  value: Record<string, unknown>,
  version: number,
  scope: ImplementedRange,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (!implemented(field, scope)) continue;
    const key = fieldKey(field);
    if (!onWire(field, version)) {
      out[key] = defaultValue(field);
      continue;
    }
    const item = value[key];
    const element = elementType(field);
    if (element !== null && isStructType(element) && Array.isArray(item)) {
      out[key] = item.map((entry) => expectedAt(field.fields ?? [], entry as Record<string, unknown>, version, scope));
    } else {
      out[key] = item;
    }
  }
  return out;
}

class OracleWriter {
  readonly #parts: Buffer[] = [];

  fixed(type: string, value: unknown): void {
    const buffer = Buffer.alloc(type === "int64" ? 8 : type === "int32" ? 4 : type === "int16" ? 2 : 1);
    if (type === "int64") buffer.writeBigInt64BE(value as bigint);
    else if (type === "int32") buffer.writeInt32BE(value as number);
    else if (type === "int16") buffer.writeInt16BE(value as number);
    else if (type === "int8") buffer.writeInt8(value as number);
    else buffer.writeInt8(value ? 1 : 0);
    this.#parts.push(buffer);
  }

  uvarint(value: number): void {
    const bytes: number[] = [];
    let rest = value;
    while (rest >= 0x80) {
      bytes.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    bytes.push(rest);
    this.#parts.push(Buffer.from(bytes));
  }

  raw(bytes: Uint8Array): void {
    this.#parts.push(Buffer.from(bytes));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

function writeLength(out: OracleWriter, length: number, flexible: boolean, wide: boolean): void {
  if (flexible) out.uvarint(length + 1);
  else out.fixed(wide ? "int32" : "int16", length);
}

function writeValue(out: OracleWriter, field: FieldSpec, type: string, value: unknown, version: number, flexible: boolean): void {
  const nullable = inRange(field.nullableVersions, version);
  if (value === null && !nullable) throw new Error(`${field.name} is not nullable in v${version}`);
  const element = type.startsWith("[]") ? type.slice(2) : null;
  if (element !== null) {
    if (value === null) return flexible ? out.uvarint(0) : out.fixed("int32", -1);
    const items = value as unknown[];
    if (flexible) out.uvarint(items.length + 1);
    else out.fixed("int32", items.length);
    for (const item of items) {
      if (isStructType(element)) writeStruct(out, field.fields ?? [], item as Record<string, unknown>, version, flexible);
      else writeValue(out, { ...field, nullableVersions: undefined }, element, item, version, flexible);
    }
    return;
  }
  switch (type) {
    case "int8":
    case "int16":
    case "int32":
    case "int64":
    case "bool":
      return out.fixed(type, value);
    case "string": {
      if (value === null) return writeLength(out, -1, flexible, false);
      const bytes = Buffer.from(value as string, "utf8");
      writeLength(out, bytes.byteLength, flexible, false);
      return out.raw(bytes);
    }
    case "bytes":
    case "records": {
      if (value === null) return writeLength(out, -1, flexible, true);
      const bytes = value as Uint8Array;
      writeLength(out, bytes.byteLength, flexible, true);
      return out.raw(bytes);
    }
    default:
      throw new Error(`unsupported type ${type} of ${field.name}`);
  }
}

function writeStruct(out: OracleWriter, fields: readonly FieldSpec[], value: Record<string, unknown>, version: number, flexible: boolean): void {
  for (const field of fields) {
    if (onWire(field, version)) writeValue(out, field, field.type, value[fieldKey(field)], version, flexible);
  }
  // Tagged fields are never written by Freshet, so the buffer is always empty.
  if (flexible) out.uvarint(0);
}

export function isFlexibleIn(spec: MessageSpec, version: number): boolean {
  return inRange(spec.flexibleVersions, version);
}

/** A size-prefixed request frame (request header v1, or v2 when flexible). */
export function oracleRequestFrame(
  spec: MessageSpec,
  header: { apiVersion: number; correlationId: number; clientId: string | null },
  body: Record<string, unknown>,
): Buffer {
  const flexible = isFlexibleIn(spec, header.apiVersion);
  const out = new OracleWriter();
  out.fixed("int16", spec.apiKey);
  out.fixed("int16", header.apiVersion);
  out.fixed("int32", header.correlationId);
  // client_id stays a classic int16-length string even in header v2.
  writeValue(out, { name: "ClientId", type: "string", versions: "0+", nullableVersions: "0+" }, "string", header.clientId, 0, false);
  if (flexible) out.uvarint(0);
  writeStruct(out, spec.fields, body, header.apiVersion, flexible);
  return sizePrefixed(out.toBuffer());
}

/** A size-prefixed response frame; ApiVersions keeps response header v0 even when flexible. */
export function oracleResponseFrame(spec: MessageSpec, version: number, correlationId: number, body: Record<string, unknown>): Buffer {
  const flexible = isFlexibleIn(spec, version);
  const out = new OracleWriter();
  out.fixed("int32", correlationId);
  if (flexible && spec.apiKey !== 18) out.uvarint(0);
  writeStruct(out, spec.fields, body, version, flexible);
  return sizePrefixed(out.toBuffer());
}

function sizePrefixed(frame: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(frame.byteLength);
  return Buffer.concat([size, frame]);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export interface ArbitraryOptions extends ImplementedRange {
  /** Minimum length of every array, to force nested structs onto the wire. */
  readonly minArrayLength: number;
}

/**
 * Arbitrary values for `fields` at `version`. Fields absent from the version get
 * random values too: the encoder must ignore them and the decoder must return
 * the default instead.
 */
export function arbitraryStruct(
  fields: readonly FieldSpec[],
  version: number,
  options: ArbitraryOptions,
): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of fields) {
    if (!implemented(field, options)) continue;
    // Absent fields may hold anything, but null only where the type could carry it.
    const nullable = onWire(field, version) ? inRange(field.nullableVersions, version) : isNullableEver(field);
    shape[fieldKey(field)] = arbitraryValue(field, field.type, version, nullable, options);
  }
  return fc.record(shape);
}

function arbitraryValue(
  field: FieldSpec,
  type: string,
  version: number,
  nullable: boolean,
  options: ArbitraryOptions,
): fc.Arbitrary<unknown> {
  const base = arbitraryNonNull(field, type, version, options);
  return nullable ? fc.option(base, { nil: null, freq: 4 }) : base;
}

function arbitraryNonNull(field: FieldSpec, type: string, version: number, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  if (type.startsWith("[]")) {
    const element = type.slice(2);
    const item = isStructType(element)
      ? arbitraryStruct(field.fields ?? [], version, options)
      : arbitraryNonNull(field, element, version, options);
    return fc.array(item, { minLength: options.minArrayLength, maxLength: options.minArrayLength + 2 });
  }
  switch (type) {
    case "int8":
      return fc.integer({ min: -128, max: 127 });
    case "int16":
      return fc.integer({ min: -32768, max: 32767 });
    case "int32":
      return fc.integer();
    case "int64":
      return fc.bigInt({ min: INT64_MIN, max: INT64_MAX });
    case "bool":
      return fc.boolean();
    case "string":
      return fc.string({ unit: "grapheme", maxLength: 8 });
    case "bytes":
    case "records":
      // Now and then large enough for the writer to reference instead of copy.
      return fc.oneof(
        { arbitrary: fc.uint8Array({ maxLength: 24 }), weight: 5 },
        { arbitrary: fc.uint8Array({ minLength: 4096, maxLength: 4200 }), weight: 1 },
      );
    default:
      throw new Error(`unsupported type ${type} of ${field.name}`);
  }
}

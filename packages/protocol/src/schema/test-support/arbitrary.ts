/*
 * fast-check arbitraries derived from our own schemas (WireType.kind) at one
 * version. A generated value is canonical for that version: it is exactly what a
 * decoder at that version must return after the value was encoded, so a
 * round-trip test can compare with plain deep equality.
 */
import fc from "fast-check";
import type { StructField, WireType } from "../types.js";

export interface ArbitraryOptions {
  /** Lower bound for every array (1 forces every nested level to be exercised). */
  readonly minArrayLength?: number;
  readonly maxArrayLength?: number;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/* At most 16 code points of up to 4 UTF-8 bytes each: far inside the int16 length of classic strings. */
const text = fc.string({ unit: "binary", maxLength: 16 });
const blob = fc.uint8Array({ maxLength: 16 });

/** Values of `type` as they exist at `version`: absent fields hold their fallback, null only where writable. */
export function arbitraryOf<T>(type: WireType<T>, version: number, options: ArbitraryOptions = {}): fc.Arbitrary<T> {
  const bounds = { minLength: options.minArrayLength ?? 0, maxLength: options.maxArrayLength ?? 3 };
  return derive(type, version, bounds) as fc.Arbitrary<T>;
}

interface ArrayBounds {
  readonly minLength: number;
  readonly maxLength: number;
}

function derive(type: WireType<unknown>, version: number, bounds: ArrayBounds): fc.Arbitrary<unknown> {
  const { kind } = type;
  switch (kind.kind) {
    case "int8":
      return fc.integer({ min: -0x80, max: 0x7f });
    case "int16":
      return fc.integer({ min: -0x8000, max: 0x7fff });
    case "int32":
      return fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff });
    case "uint32":
      return fc.integer({ min: 0, max: 0xffff_ffff });
    case "int64":
      return fc.bigInt({ min: INT64_MIN, max: INT64_MAX });
    case "float64":
      // A NaN's payload bits need not survive a JS number, so re-encoding could differ.
      return fc.double({ noNaN: true });
    case "bool":
      return fc.boolean();
    case "string":
      return text;
    case "nullableString":
      return version >= (kind.nullableFrom ?? 0) ? fc.option(text, { nil: null }) : text;
    case "uuid":
      return fc.uuid();
    case "bytes":
      return blob;
    case "nullableBytes":
      return fc.option(blob, { nil: null });
    case "array":
      return fc.array(derive(kind.of, version, bounds), bounds);
    case "nullableArray": {
      // Where an empty array means null, only null is the canonical form of "none".
      const emptyIsNull = kind.emptyIsNullBefore !== undefined && version < kind.emptyIsNullBefore;
      const minLength = emptyIsNull ? Math.max(1, bounds.minLength) : bounds.minLength;
      const maxLength = Math.max(minLength, bounds.maxLength);
      const elements = fc.array(derive(kind.of, version, bounds), { minLength, maxLength });
      return version >= kind.nullableFrom ? fc.option(elements, { nil: null }) : elements;
    }
    case "struct":
      return fc.record(Object.fromEntries(kind.fields.map((field) => [field.name, deriveField(field, version, bounds)])));
    default: {
      const unknown: never = kind;
      throw new Error(`no arbitrary for wire kind ${JSON.stringify(unknown)}`);
    }
  }
}

function deriveField(field: StructField, version: number, bounds: ArrayBounds): fc.Arbitrary<unknown> {
  const present = version >= field.min && version <= field.max;
  return present ? derive(field.type, version, bounds) : fc.constant(field.fallback);
}

import { skipTaggedFields } from "./tagged-fields.js";
import type { StructField, WireType } from "./types.js";

/** A field present only in versions [min, max], as Kafka's message JSON declares it. */
export interface VersionedField<T> {
  readonly type: WireType<T>;
  readonly min: number;
  readonly max: number;
  readonly fallback: T;
}

export function since<T>(min: number, type: WireType<T>, fallback: T = type.empty): VersionedField<T> {
  return { type, min, max: Number.POSITIVE_INFINITY, fallback };
}

export function until<T>(max: number, type: WireType<T>, fallback: T = type.empty): VersionedField<T> {
  return { type, min: 0, max, fallback };
}

export function between<T>(min: number, max: number, type: WireType<T>, fallback: T = type.empty): VersionedField<T> {
  return { type, min, max, fallback };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- WireType is invariant; any admits every field type
type Shape = Record<string, WireType<any> | VersionedField<any>>;

type FieldValue<F> = F extends VersionedField<infer V> ? V : F extends WireType<infer V> ? V : never;

export type InferStruct<S> = { [K in keyof S]: FieldValue<S[K]> };

function compile(shape: Record<string, unknown>): StructField[] {
  return Object.entries(shape).map(([name, spec]) => {
    const field = spec as Partial<VersionedField<unknown>> & WireType<unknown>;
    if (field.type !== undefined && field.min !== undefined) {
      return { name, type: field.type, min: field.min, max: field.max!, fallback: field.fallback };
    }
    return { name, type: field, min: 0, max: Number.POSITIVE_INFINITY, fallback: field.empty };
  });
}

/**
 * An ordered group of fields. In flexible versions every struct ends with a
 * tagged-field buffer; we write it empty and skip whatever a peer sends.
 */
export function struct<S extends Shape>(shape: S): WireType<InferStruct<S>> {
  const fields = compile(shape);
  const empty = Object.fromEntries(fields.map((f) => [f.name, f.fallback])) as InferStruct<S>;
  return {
    kind: { kind: "struct", fields },
    empty,
    read(reader, flexible, version) {
      const out: Record<string, unknown> = {};
      for (const field of fields) {
        out[field.name] = version >= field.min && version <= field.max ? field.type.read(reader, flexible, version) : field.fallback;
      }
      if (flexible) skipTaggedFields(reader);
      return out as InferStruct<S>;
    },
    write(writer, value, flexible, version) {
      const record = value as Record<string, unknown>;
      for (const field of fields) {
        if (version >= field.min && version <= field.max) field.type.write(writer, record[field.name], flexible, version);
      }
      if (flexible) writer.uvarint(0);
    },
  };
}

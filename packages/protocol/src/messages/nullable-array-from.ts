import type { Reader } from "../io/reader.js";
import { nullableArray, type WireType } from "../schema/types.js";

/**
 * An array that Kafka's JSON declares nullable only from `version` on
 * (`nullableVersions: "N+"`). Older versions have no way to say null: a -1 count
 * there is malformed input, and writing null there is a programming error.
 */
export function nullableArrayFrom<T>(version: number, of: WireType<T>): WireType<T[] | null> {
  const inner = nullableArray(of);
  return {
    kind: { kind: "nullableArray", of, nullableFrom: version },
    empty: null,
    read(reader: Reader, flexible, at) {
      const value = inner.read(reader, flexible, at);
      if (value === null && at < version) reader.fail(`null array before version ${version}`);
      return value;
    },
    write(writer, value, flexible, at) {
      if (value === null && at < version) throw new RangeError(`null array cannot be written before version ${version}`);
      inner.write(writer, value, flexible, at);
    },
  };
}

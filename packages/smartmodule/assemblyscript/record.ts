import { JsonValue, parseJson, jsonError } from "./json";

/** A record header: UTF-8 key, bytes value (null when absent). */
export class Header {
  constructor(
    public key: string,
    public value: Uint8Array | null,
  ) {}

  /** A header whose value is text, stored as UTF-8. */
  static text(key: string, value: string): Header {
    return new Header(key, Uint8Array.wrap(String.UTF8.encode(value)));
  }
}

/**
 * One record of the input batch, read in place: key, value and headers are
 * decoded only when asked for. A record the module cannot handle is reported with
 * `fail(message)`; it is left out of the output and the batch goes on.
 */
export class SmartRecord {
  /** Why the module could not handle this record, once fail() was called. */
  error: string | null = null;

  constructor(
    private base: usize,
    private start: i32,
    private end: i32,
    private keyLength: i32,
    private valueAt: i32,
    private valueLength: i32,
    private headersAt: i32,
    /** Position of the record in the input batch. */
    public index: i32,
  ) {}

  /** The source record's offset; every output of one input record carries it. */
  get offset(): i64 {
    return load<i64>(this.base + <usize>this.start);
  }

  /** Milliseconds since the epoch. */
  get timestamp(): i64 {
    return load<i64>(this.base + <usize>this.start + 8);
  }

  get hasKey(): bool {
    return this.keyLength >= 0;
  }

  get hasValue(): bool {
    return this.valueLength >= 0;
  }

  /** Length of the value in bytes (0 when null). */
  get valueByteLength(): i32 {
    return max(this.valueLength, 0);
  }

  /** Where the value's bytes are in memory, for modules that scan them without copying. */
  get valuePointer(): usize {
    return this.base + <usize>this.valueAt;
  }

  get keyPointer(): usize {
    return this.base + <usize>this.start + 20;
  }

  get keyByteLength(): i32 {
    return max(this.keyLength, 0);
  }

  /** A copy of the key's bytes, or null. */
  key(): Uint8Array | null {
    return this.keyLength < 0 ? null : copyBytes(this.keyPointer, this.keyLength);
  }

  /** A copy of the value's bytes, or null. */
  value(): Uint8Array | null {
    return this.valueLength < 0 ? null : copyBytes(this.valuePointer, this.valueLength);
  }

  keyText(): string | null {
    return this.keyLength < 0 ? null : String.UTF8.decodeUnsafe(this.keyPointer, <usize>this.keyLength);
  }

  /** The value as UTF-8 text; "" when null. */
  valueText(): string {
    return this.valueLength <= 0 ? "" : String.UTF8.decodeUnsafe(this.valuePointer, <usize>this.valueLength);
  }

  headers(): Header[] {
    const headers = new Array<Header>();
    const count = load<u32>(this.base + <usize>this.headersAt);
    let cursor = this.base + <usize>this.headersAt + 4;
    for (let i: u32 = 0; i < count; i++) {
      const keyLength = load<i32>(cursor);
      const key = String.UTF8.decodeUnsafe(cursor + 4, <usize>keyLength);
      cursor += 4 + <usize>keyLength;
      const valueLength = load<i32>(cursor);
      cursor += 4;
      headers.push(new Header(key, valueLength < 0 ? null : copyBytes(cursor, valueLength)));
      cursor += <usize>max(valueLength, 0);
    }
    return headers;
  }

  /** The value parsed as JSON; on malformed JSON the record fails (as JSON.parse would throw) and this is null. */
  json(): JsonValue | null {
    const parsed = parseJson(this.valuePointer, this.valueByteLength);
    if (parsed === null) this.error = jsonError;
    return parsed;
  }

  /**
   * Reports this record as one the module could not handle, like `throw new Error(message)`
   * in the JS SDK (the error reads "Error: message"; `name` replaces "Error").
   */
  fail(message: string, name: string = "Error"): void {
    this.error = `${name}: ${message}`;
  }

  /** @internal Where the packed record's bytes are, to copy a kept record whole. */
  get rawPointer(): usize {
    return this.base + <usize>this.start;
  }

  get rawLength(): i32 {
    return this.end - this.start;
  }

  get headersPointer(): usize {
    return this.base + <usize>this.headersAt;
  }

  get headersLength(): i32 {
    return this.end - this.headersAt;
  }
}

function copyBytes(from: usize, length: i32): Uint8Array {
  const bytes = new Uint8Array(length);
  memory.copy(bytes.dataStart, from, <usize>length);
  return bytes;
}

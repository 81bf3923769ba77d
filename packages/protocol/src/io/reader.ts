import { DecodeError } from "./decode-error.js";

const textDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Bounded big-endian reader over a byte view. Every read checks the bytes that are
 * actually left, so a lying length field can never make us allocate or read past
 * the frame: it raises a DecodeError instead.
 */
export class Reader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #offset = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.#bytes.byteLength - this.#offset;
  }

  fail(message: string): never {
    throw new DecodeError(message, this.#offset);
  }

  #take(size: number): number {
    if (size < 0 || size > this.remaining) {
      this.fail(`need ${size} bytes, ${this.remaining} left`);
    }
    const at = this.#offset;
    this.#offset += size;
    return at;
  }

  int8(): number {
    return this.#view.getInt8(this.#take(1));
  }

  int16(): number {
    return this.#view.getInt16(this.#take(2));
  }

  uint16(): number {
    return this.#view.getUint16(this.#take(2));
  }

  int32(): number {
    return this.#view.getInt32(this.#take(4));
  }

  uint32(): number {
    return this.#view.getUint32(this.#take(4));
  }

  int64(): bigint {
    return this.#view.getBigInt64(this.#take(8));
  }

  /** IEEE 754 double, big-endian (Kafka's float64: quota values). */
  float64(): number {
    return this.#view.getFloat64(this.#take(8));
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  /** Unsigned LEB128 up to 32 bits (compact lengths, tag ids). */
  uvarint(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.#bytes[this.#take(1)]!;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (result > 0xffffffff) this.fail("unsigned varint exceeds 32 bits");
        return result;
      }
    }
    return this.fail("unsigned varint longer than 5 bytes");
  }

  /** ZigZag-encoded signed 32-bit varint (record fields). */
  varint(): number {
    const raw = this.uvarint();
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  /** ZigZag-encoded signed 64-bit varint (timestamp deltas). */
  varlong(): bigint {
    let raw = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.#bytes[this.#take(1)]!;
      raw |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        if (raw > 0xffffffffffffffffn) this.fail("varlong exceeds 64 bits");
        return (raw >> 1n) ^ -(raw & 1n);
      }
    }
    return this.fail("varlong longer than 10 bytes");
  }

  /**
   * A ZigZag varlong as a JS number. Values up to 2^48 in magnitude (timestamp
   * deltas, in practice all of them) decode without BigInt; longer encodings take
   * the exact BigInt path and must fit a double.
   */
  varlongNumber(): number {
    const start = this.#offset;
    let raw = 0;
    for (let shift = 0; shift < 49; shift += 7) {
      const byte = this.#bytes[this.#take(1)]!;
      raw += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    }
    this.#offset = start;
    return Number(this.varlong());
  }

  /** A view of the next `size` bytes; no copy. */
  bytes(size: number): Uint8Array {
    const at = this.#take(size);
    return this.#bytes.subarray(at, at + size);
  }

  utf8(size: number): string {
    const at = this.#offset;
    const view = this.bytes(size);
    try {
      return textDecoder.decode(view);
    } catch (cause) {
      throw new DecodeError("invalid UTF-8 string", at, { cause });
    }
  }

  skip(size: number): void {
    this.#take(size);
  }
}

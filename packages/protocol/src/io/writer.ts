const INITIAL_CAPACITY = 256;
/** Byte arrays at least this large are referenced, not copied (fetch payloads). */
const REFERENCE_THRESHOLD = 4096;

const textEncoder = new TextEncoder();

/** A reserved slot whose value is known only later (frame sizes, batch lengths). */
export interface Int32Slot {
  set(value: number): void;
}

/**
 * Growable big-endian writer. Large byte arrays are kept as references and come
 * out as separate chunks, so a fetch response carrying megabytes of stored record
 * batches is written to the socket without being copied into one buffer.
 */
export class Writer {
  #buffer = new Uint8Array(INITIAL_CAPACITY);
  #view = new DataView(this.#buffer.buffer);
  #position = 0;
  /** Start of the part of #buffer not yet moved into #chunks. */
  #segmentStart = 0;
  readonly #chunks: Uint8Array[] = [];
  #flushedLength = 0;

  /** Bytes written so far. */
  get length(): number {
    return this.#flushedLength + (this.#position - this.#segmentStart);
  }

  #ensure(extra: number): void {
    const needed = this.#position + extra;
    if (needed <= this.#buffer.byteLength) return;
    let capacity = this.#buffer.byteLength * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    // Flushed chunks keep pointing at the old buffer, so only the open segment moves.
    grown.set(this.#buffer.subarray(this.#segmentStart, this.#position));
    this.#position -= this.#segmentStart;
    this.#segmentStart = 0;
    this.#buffer = grown;
    this.#view = new DataView(grown.buffer);
  }

  int8(value: number): this {
    this.#ensure(1);
    this.#view.setInt8(this.#position, value);
    this.#position += 1;
    return this;
  }

  int16(value: number): this {
    this.#ensure(2);
    this.#view.setInt16(this.#position, value);
    this.#position += 2;
    return this;
  }

  int32(value: number): this {
    this.#ensure(4);
    this.#view.setInt32(this.#position, value);
    this.#position += 4;
    return this;
  }

  uint32(value: number): this {
    this.#ensure(4);
    this.#view.setUint32(this.#position, value);
    this.#position += 4;
    return this;
  }

  int64(value: bigint): this {
    this.#ensure(8);
    this.#view.setBigInt64(this.#position, value);
    this.#position += 8;
    return this;
  }

  float64(value: number): this {
    this.#ensure(8);
    this.#view.setFloat64(this.#position, value);
    this.#position += 8;
    return this;
  }

  bool(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  uvarint(value: number): this {
    this.#ensure(5);
    let rest = value >>> 0;
    while (rest >= 0x80) {
      this.#buffer[this.#position++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    this.#buffer[this.#position++] = rest;
    return this;
  }

  varint(value: number): this {
    return this.uvarint(((value << 1) ^ (value >> 31)) >>> 0);
  }

  varlong(value: bigint): this {
    this.#ensure(10);
    let rest = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
    while (rest >= 0x80n) {
      this.#buffer[this.#position++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.#buffer[this.#position++] = Number(rest);
    return this;
  }

  bytes(value: Uint8Array): this {
    if (value.byteLength >= REFERENCE_THRESHOLD) {
      this.#flushSegment();
      this.#chunks.push(value);
      this.#flushedLength += value.byteLength;
      return this;
    }
    this.#ensure(value.byteLength);
    this.#buffer.set(value, this.#position);
    this.#position += value.byteLength;
    return this;
  }

  /**
   * The slot remembers its logical offset, not a buffer position: growing the
   * buffer moves the open segment, so a captured position would patch a stale copy.
   */
  reserveInt32(): Int32Slot {
    const at = this.length;
    this.int32(0);
    return { set: (value: number) => this.#patchInt32(at, value) };
  }

  #patchInt32(at: number, value: number): void {
    if (at >= this.#flushedLength) {
      this.#view.setInt32(this.#segmentStart + (at - this.#flushedLength), value);
      return;
    }
    // Already flushed: segments are only cut between writes, so the slot lies whole in one chunk.
    let start = 0;
    for (const chunk of this.#chunks) {
      if (at < start + chunk.byteLength) {
        new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength).setInt32(at - start, value);
        return;
      }
      start += chunk.byteLength;
    }
  }

  #flushSegment(): void {
    if (this.#position === this.#segmentStart) return;
    const segment = this.#buffer.subarray(this.#segmentStart, this.#position);
    this.#chunks.push(segment);
    this.#flushedLength += segment.byteLength;
    this.#segmentStart = this.#position;
  }

  /** The written bytes as chunks, in order; valid until the writer is used again. */
  chunks(): Uint8Array[] {
    this.#flushSegment();
    return this.#chunks.slice();
  }

  /** The written bytes as one contiguous array. */
  toBytes(): Uint8Array {
    const chunks = this.chunks();
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    return out;
  }
}

export function utf8Bytes(value: string): Uint8Array {
  return textEncoder.encode(value);
}

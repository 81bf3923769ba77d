import { err, ok, type Result } from "../result.js";

/** Kafka's socket.request.max.bytes default. */
export const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;

export interface FrameError {
  readonly kind: "frame-too-large" | "frame-too-small";
  readonly size: number;
  readonly message: string;
}

/**
 * Splits a byte stream into int32-size-prefixed frames. The size is checked
 * against the limits before any allocation, so a hostile prefix costs nothing.
 * After an error the decoder is poisoned: the stream has lost its framing.
 */
export class FrameDecoder {
  #maxFrameBytes: number;
  readonly #minFrameBytes: number;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #failed: FrameError | null = null;

  constructor(options: { maxFrameBytes?: number; minFrameBytes?: number } = {}) {
    this.#maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.#minFrameBytes = options.minFrameBytes ?? 0;
  }

  /**
   * Changes the limit for frames whose size has not been read yet: a connection
   * admits only small frames until its client has authenticated.
   */
  set maxFrameBytes(value: number) {
    this.#maxFrameBytes = value;
  }

  /** Bytes received but not yet part of a complete frame. */
  get bufferedBytes(): number {
    return this.#pendingBytes;
  }

  push(chunk: Uint8Array): Result<Uint8Array[], FrameError> {
    if (this.#failed) return err(this.#failed);
    if (chunk.byteLength > 0) {
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.byteLength;
    }
    const frames: Uint8Array[] = [];
    for (;;) {
      if (this.#pendingBytes < 4) break;
      const size = this.#peekSize();
      if (size > this.#maxFrameBytes) return this.#fail("frame-too-large", size, `frame of ${size} bytes exceeds the ${this.#maxFrameBytes}-byte limit`);
      if (size < this.#minFrameBytes) return this.#fail("frame-too-small", size, `frame of ${size} bytes is shorter than ${this.#minFrameBytes}`);
      if (this.#pendingBytes < 4 + size) break;
      const whole = this.#take(4 + size);
      frames.push(whole.subarray(4));
    }
    return ok(frames);
  }

  #fail(kind: FrameError["kind"], size: number, message: string): Result<never, FrameError> {
    this.#failed = { kind, size, message };
    this.#pending = [];
    this.#pendingBytes = 0;
    return err(this.#failed);
  }

  #peekSize(): number {
    const head = this.#pending[0]!;
    if (head.byteLength >= 4) return new DataView(head.buffer, head.byteOffset, 4).getInt32(0);
    return new DataView(this.#take(4, false).buffer).getInt32(0);
  }

  /** Removes `size` bytes from the front; zero-copy when they sit in one chunk. */
  #take(size: number, consume = true): Uint8Array {
    const head = this.#pending[0]!;
    if (head.byteLength >= size) {
      const out = head.subarray(0, size);
      if (consume) this.#dropFront(size);
      return out;
    }
    const out = new Uint8Array(size);
    let filled = 0;
    for (const chunk of this.#pending) {
      const part = chunk.subarray(0, Math.min(chunk.byteLength, size - filled));
      out.set(part, filled);
      filled += part.byteLength;
      if (filled === size) break;
    }
    if (consume) this.#dropFront(size);
    return out;
  }

  #dropFront(size: number): void {
    let left = size;
    this.#pendingBytes -= size;
    while (left > 0) {
      const head = this.#pending[0]!;
      if (head.byteLength <= left) {
        this.#pending.shift();
        left -= head.byteLength;
      } else {
        this.#pending[0] = head.subarray(left);
        left = 0;
      }
    }
  }
}

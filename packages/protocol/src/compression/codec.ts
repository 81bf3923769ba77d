/*
 * The compression codecs of record batch v2: the low three bits of the batch
 * attributes. Compression covers only the records section (the bytes after
 * recordCount). Ids 5-7 are not assigned and a batch carrying one is corrupt.
 *
 * This file stays free of Node imports: the implementations live in ./node/ so a
 * browser set can sit beside them later.
 */

export const COMPRESSION_IDS = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

export type CompressionName = keyof typeof COMPRESSION_IDS;
export type CompressionId = (typeof COMPRESSION_IDS)[CompressionName];

/**
 * Default cap on the bytes one decompression may produce. Kafka batches are far
 * smaller (max.message.bytes defaults to ~1 MiB), so this only stops bombs.
 */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

export interface DecompressOptions {
  /** Refuse (CompressionError "too-large") instead of producing more than this. */
  readonly maxBytes?: number;
}

export interface CompressionCodec {
  readonly id: CompressionId;
  readonly name: CompressionName;
  compress(data: Uint8Array): Promise<Uint8Array>;
  /** Rejects with a CompressionError for corrupt input or output above the cap. */
  decompress(data: Uint8Array, options?: DecompressOptions): Promise<Uint8Array>;
}

export type CompressionErrorKind = "unknown-codec" | "corrupt" | "too-large";

export class CompressionError extends Error {
  readonly retriable = false;
  constructor(
    readonly kind: CompressionErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "CompressionError";
  }
}

export function maxBytesOf(options: DecompressOptions | undefined): number {
  return options?.maxBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
}

/** `claimed`: what the input's headers say it may expand to, when known. */
export function tooLarge(codec: CompressionName, maxBytes: number, claimed?: number): CompressionError {
  const detail = claimed === undefined ? "" : ` (its headers allow ${claimed} bytes)`;
  return new CompressionError("too-large", `${codec} data exceeds the decompression limit of ${maxBytes} bytes${detail}`);
}

export function corrupt(codec: CompressionName, detail: string, cause?: unknown): CompressionError {
  return new CompressionError("corrupt", `corrupt ${codec} data: ${detail}`, cause === undefined ? undefined : { cause });
}

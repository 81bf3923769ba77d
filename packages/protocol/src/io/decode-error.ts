/**
 * Raised while decoding bytes that do not follow the grammar. Decoders throw it
 * internally; the public decode entry points turn it into a Result so callers at
 * the network boundary never see an exception for bad input.
 */
export class DecodeError extends Error {
  readonly retriable = false;
  constructor(
    message: string,
    readonly offset: number,
    options?: { cause?: unknown },
  ) {
    super(`${message} (at byte ${offset})`, options);
    this.name = "DecodeError";
  }
}

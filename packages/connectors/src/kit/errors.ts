/**
 * How a connector tells the runtime what went wrong. Any other error thrown by `poll`, `write`
 * or `open` counts as the target being unavailable: the runtime retries with back-off until
 * `errors.retry.timeoutMs`, then the connector is Failed.
 */

/** One record the target will never take (bad shape, a constraint it breaks): dead-lettered, or fatal under errors.tolerance none. */
export class RecordError extends Error {
  constructor(
    /** Position of the record in the batch given to `write`. */
    readonly index: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "RecordError";
  }
}

/** Retrying cannot help (credentials refused, the table does not exist): the connector is Failed at once with this message. */
export class PermanentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PermanentError";
  }
}

/*
 * Recognised by name rather than instanceof: a connector bundled with `freshet cdk build` carries
 * its own copy of these classes, which is a different class object from the runtime's.
 */
export function isRecordError(error: unknown): error is RecordError {
  return error instanceof Error && error.name === "RecordError" && typeof (error as Partial<RecordError>).index === "number";
}

export function isPermanentError(error: unknown): error is PermanentError {
  return error instanceof Error && error.name === "PermanentError";
}

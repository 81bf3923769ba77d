/**
 * The logging surface engine systems depend on: the structured half of pino's API
 * (`logger.warn({ file, bytes }, "message")`), so a pino logger is passed as is and
 * tests can pass a recorder.
 */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** A logger that drops everything, for callers that have nothing to log to. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** An error's message for a sentence; Node's connection errors can be an AggregateError with an empty message. */
export function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.message === "") return errorText(error.errors[0]);
  if (error instanceof Error) return error.message !== "" ? error.message : ((error as NodeJS.ErrnoException).code ?? error.name);
  return String(error);
}

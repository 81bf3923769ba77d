/** Ends an exhaustive switch: the compiler proves it unreachable, the throw covers untyped input. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}

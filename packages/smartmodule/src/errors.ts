/**
 * Why a SmartModule could not be used or stopped working. Returned or thrown at the
 * runtime's boundary; every kind carries a message fit to show the user as is.
 */
export type SmartModuleErrorKind =
  /** Not a usable component: not WebAssembly, wrong world, WASI imports, bad manifest. */
  | "invalid-module"
  /** Parameters rejected by the module's declared schema or by its `init`. */
  | "invalid-params"
  /** A batch ran past the time limit; the instance was stopped. */
  | "timeout"
  /** The module trapped (including running out of its memory cap). */
  | "trap"
  /** The module reported that the batch as a whole failed. */
  | "failed"
  /** No module by that name (and version) is registered. */
  | "not-found"
  /** The broker runs as many instances as it allows (in all, or for this principal). */
  | "overloaded"
  /** The module failed too often in a row; it may not start again for a while. */
  | "quarantined";

export class SmartModuleError extends Error {
  override readonly name = "SmartModuleError";
  constructor(
    readonly kind: SmartModuleErrorKind,
    message: string,
  ) {
    super(message);
  }
}

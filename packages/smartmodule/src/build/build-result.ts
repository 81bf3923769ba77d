export interface BuildResult {
  readonly wasm: Uint8Array;
  /** Hash of every input of the build (source, WIT, toolchain): equal inputs give the cached component. */
  readonly buildKey: string;
  readonly fromCache: boolean;
  readonly ms: number;
}

export class BuildError extends Error {
  override readonly name = "BuildError";
}

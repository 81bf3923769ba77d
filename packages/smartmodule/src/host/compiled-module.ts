/**
 * A component made ready to instantiate: jco's generated glue (an ES module whose
 * `instantiate(getCoreModule, imports)` builds an instance) and its compiled core
 * modules, with their memory capped. Compiled modules can be handed to workers.
 */
export interface CompiledSmartModule {
  /** sha256 of the component bytes, hex. */
  readonly digest: string;
  readonly glue: string;
  readonly cores: Readonly<Record<string, WebAssembly.Module>>;
  readonly memoryLimitBytes: number;
}

/** The world's exports, as the glue's `instantiate` returns them. */
export interface ComponentExports {
  describe(): string;
  init(params: [string, string][]): void;
  process(batch: Uint8Array, accumulator: Uint8Array): { records: Uint8Array; errors: { index: number; message: string }[]; accumulator: Uint8Array };
}

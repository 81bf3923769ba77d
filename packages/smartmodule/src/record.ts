/** A record as SmartModules see it, on the host side and inside the module alike. */
export interface SmartRecordHeader {
  readonly key: string;
  readonly value: Uint8Array | null;
}

export interface SmartRecord {
  /** The source record's offset; every output of one input record carries it. */
  readonly offset: number;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: readonly SmartRecordHeader[];
}

/** The kinds of SmartModule; each has one function shape in the guest SDK. */
export const SMART_MODULE_KINDS = ["filter", "map", "filter-map", "array-map", "aggregate"] as const;
export type SmartModuleKind = (typeof SMART_MODULE_KINDS)[number];

/** A record a source hands to the runtime, which produces it to the connector's topic. */
export interface SourceRecord {
  readonly key?: Uint8Array | string | null;
  /** null: a tombstone. */
  readonly value: Uint8Array | string | null;
  readonly headers?: Readonly<Record<string, Uint8Array | string>>;
  /** Milliseconds since the epoch; default: when the runtime produces it. */
  readonly timestamp?: number;
}

/** A record of a topic the runtime hands to a sink, with where it came from. */
export interface SinkRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array | null;
  readonly headers: Readonly<Record<string, Uint8Array>>;
}

/** A source's position (a JSON value it chose): stored by the runtime after the records before it are in the cluster. */
export type SourcePosition = string | number | boolean | null | readonly SourcePosition[] | { readonly [key: string]: SourcePosition };

import type { Resources } from "./objects.js";

/** A saved response for an Idempotency-Key: what the first request asked and what it got. */
export interface IdempotencyRecord {
  readonly method: string;
  readonly path: string;
  readonly params: string;
  readonly status: number;
  readonly body: string;
}

/**
 * Where the simulator keeps its state. In memory today; an interface so that a persistent store can
 * replace it without touching the handlers.
 */
export interface SimulatorStore {
  get<K extends keyof Resources>(kind: K, id: string): Resources[K] | undefined;
  put<K extends keyof Resources>(kind: K, value: Resources[K]): void;
  /** In insertion order (oldest first). */
  list<K extends keyof Resources>(kind: K): Resources[K][];
  idempotency(key: string): IdempotencyRecord | undefined;
  saveIdempotency(key: string, record: IdempotencyRecord): void;
}

export function memoryStore(): SimulatorStore {
  const tables = new Map<keyof Resources, Map<string, unknown>>();
  const table = (kind: keyof Resources): Map<string, unknown> => {
    let rows = tables.get(kind);
    if (rows === undefined) tables.set(kind, (rows = new Map<string, unknown>()));
    return rows;
  };
  const keys = new Map<string, IdempotencyRecord>();
  return {
    get: <K extends keyof Resources>(kind: K, id: string) => table(kind).get(id) as Resources[K] | undefined,
    put: (kind, value) => void table(kind).set(value.id, value),
    list: <K extends keyof Resources>(kind: K) => [...table(kind).values()] as Resources[K][],
    idempotency: (key) => keys.get(key),
    saveIdempotency: (key, record) => void keys.set(key, record),
  };
}

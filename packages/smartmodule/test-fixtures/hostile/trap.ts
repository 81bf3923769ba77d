/**
 * Hostile fixture: a filter whose `process` throws a plain Error out of the
 * export. Only `{ tag, val }` values map to the world's `sm-error`; anything else
 * thrown across the boundary traps the instance.
 */
export function describe(): string {
  return JSON.stringify({ apiVersion: "0.1.0", kind: "filter", name: "trap", params: {} });
}

export function init(_params: [string, string][]): void {}

export function process(_batch: Uint8Array, _accumulator: Uint8Array): never {
  throw new Error("this module throws out of process");
}

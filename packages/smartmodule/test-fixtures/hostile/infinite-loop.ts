/**
 * Hostile fixture: a map whose `process` never returns. Written against the raw
 * world exports, as an author who skips the SDK would; the host must stop it at
 * the batch deadline.
 */
export function describe(): string {
  return JSON.stringify({ apiVersion: "0.1.0", kind: "map", name: "infinite-loop", params: {} });
}

export function init(_params: [string, string][]): void {}

export function process(_batch: Uint8Array, _accumulator: Uint8Array): never {
  let spins = 0;
  for (;;) spins = (spins + 1) % 1_000_000;
}

/**
 * Hostile fixture: a map whose `process` keeps allocating and holding on to
 * memory. The host's memory cap must make the growth fail inside the module
 * (a trap) before it reaches the process's memory.
 */
export function describe(): string {
  return JSON.stringify({ apiVersion: "0.1.0", kind: "map", name: "memory-bomb", params: {} });
}

export function init(_params: [string, string][]): void {}

const hoard: Uint8Array[] = [];

export function process(_batch: Uint8Array, _accumulator: Uint8Array): never {
  for (;;) {
    const chunk = new Uint8Array(1024 * 1024);
    // Touching every page keeps the engine from sharing or deferring the allocation.
    for (let i = 0; i < chunk.length; i += 4096) chunk[i] = 1;
    hoard.push(chunk);
  }
}

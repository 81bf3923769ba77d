/**
 * Hostile fixture: a map that keeps allocating and holding on to memory. The
 * host's memory cap must make the growth fail inside the module (a trap) before
 * it reaches the process's memory.
 */
import { map, Output, Params, SmartRecord } from "@freshet/smartmodule/assemblyscript";

const hoard = new Array<Uint8Array>();

map("memory-bomb", "", [], (_record: SmartRecord, _params: Params): Output => {
  while (hoard.length >= 0) {
    const chunk = new Uint8Array(1024 * 1024);
    // Touching every page keeps the engine from sharing or deferring the allocation.
    for (let i = 0; i < chunk.length; i += 4096) chunk[i] = 1;
    hoard.push(chunk);
  }
  return Output.same();
});

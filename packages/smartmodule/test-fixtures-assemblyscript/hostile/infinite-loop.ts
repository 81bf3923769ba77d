/** Hostile fixture: a map whose apply never returns; the host must stop it at the batch deadline. */
import { map, Output, Params, SmartRecord } from "@freshet/smartmodule/assemblyscript";

let spins: i32 = 0;

map("infinite-loop", "", [], (_record: SmartRecord, _params: Params): Output => {
  while (spins >= 0) spins = (spins + 1) % 1_000_000;
  return Output.same();
});

/**
 * Hostile fixture: a filter that throws. AssemblyScript has no exceptions: a
 * throw aborts, and the build turns an abort into a trap of the instance.
 */
import { filter, Params, SmartRecord } from "@freshet/smartmodule/assemblyscript";

filter("trap", "", [], (_record: SmartRecord, _params: Params): bool => {
  throw new Error("this module throws out of process");
});

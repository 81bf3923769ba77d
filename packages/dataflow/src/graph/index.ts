export { compileDataflow, DataflowCompileError } from "./compile.js";
export type { CompileOptions } from "./compile.js";
export type { DataflowGraph, DataflowInput, DataflowOutput, GraphObserver, ObservedRecord, OperatorStats, ViewRow } from "./contract.js";
export type { SmartModuleLoader } from "../operators/smartmodule-step.js";

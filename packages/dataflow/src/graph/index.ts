export { compileDataflow, DataflowCompileError } from "./compile.js";
export type { CompileOptions } from "./compile.js";
export type { DataflowGraph, DataflowInput, DataflowOutput, OperatorStats, ViewRow } from "./contract.js";

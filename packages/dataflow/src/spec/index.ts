export { checkDataflowReferences, dataflowSpecSchema, nodeIdSchema, OPERATOR_KINDS, operatorSchema, sinkSchema, sourceSchema, topicNameSchema, windowSchema } from "./dataflow-spec.js";
export type { DataflowSpec, OperatorKind, OperatorSpec, SinkSpec, SourceSpec, WindowSpec } from "./dataflow-spec.js";
export { durationSchema } from "./duration.js";
export { parseDataflowSpec, renderDataflowSpec } from "./parse-spec.js";
export type { ParsedSpec, SpecError } from "./parse-spec.js";

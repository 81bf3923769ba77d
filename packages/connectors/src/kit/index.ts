/**
 * The connector kit: what a connector implements. The built-in connectors and the ones made
 * with `freshet cdk` use the same types and run under the same runtime.
 */
export type { SinkRecord, SourcePosition, SourceRecord } from "./record.js";
export { isPermanentError, isRecordError, PermanentError, RecordError } from "./errors.js";
export { defineSink, defineSource } from "./connector.js";
export type { CheckResult, Connector, ConnectorClock, ConnectorContext, RejectedRecord, SinkConnector, SinkTask, SourceBatch, SourceConnector, SourceContext, SourceTask } from "./connector.js";

import { ConnectionError } from "@freshet/client/connection/connection-error";
import { GroupNotEmptyError } from "@freshet/client/admin/group-errors";
import { UnknownTopicError } from "@freshet/client/cluster/cluster-errors";
import { errorCode, KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { AppError } from "../errors.js";

const TOPIC_ALREADY_EXISTS = errorCode("TOPIC_ALREADY_EXISTS");
const UNKNOWN_TOPIC_OR_PARTITION = errorCode("UNKNOWN_TOPIC_OR_PARTITION");
const INVALID_TOPIC_EXCEPTION = errorCode("INVALID_TOPIC_EXCEPTION");
const GROUP_ID_NOT_FOUND = errorCode("GROUP_ID_NOT_FOUND");
/** Refusals of what was asked (not of the connection): the engine's reason is the useful part. */
const REFUSALS = new Set((["INVALID_CONFIG", "INVALID_PARTITIONS", "INVALID_REPLICATION_FACTOR", "POLICY_VIOLATION", "INVALID_REQUEST"] as const).map((name) => errorCode(name)));

/**
 * The broker's own reason as a sentence. The client's message is `what it did (the broker's
 * message): ERROR_NAME (Kafka's description)`; only the broker's message says what to change.
 */
export function brokerReason(error: KafkaProtocolError): string {
  const context = error.message.replace(/: [A-Z_]+(?: \(.*\))?$/, "");
  const reason = /\((.*)\)$/.exec(context)?.[1] ?? context;
  const sentence = reason.charAt(0).toUpperCase() + reason.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** What a failure talking to a tenant cluster means for the person who asked. */
export function tenantError(error: unknown, topic?: string): AppError {
  if (error instanceof AppError) return error;
  const named = topic === undefined ? "that topic" : `topic "${topic}"`;
  if (error instanceof UnknownTopicError) return new AppError("not-found", `No such topic "${error.topic}" in this cluster.`, { cause: error });
  if (error instanceof GroupNotEmptyError) return new AppError("group-not-empty", error.message, { cause: error });
  if (error instanceof KafkaProtocolError) {
    if (error.code === GROUP_ID_NOT_FOUND) return new AppError("not-found", "No such consumer group in this cluster.", { cause: error });
    if (error.code === TOPIC_ALREADY_EXISTS) return new AppError("already-exists", `The cluster already has ${named}.`, { cause: error });
    if (error.code === UNKNOWN_TOPIC_OR_PARTITION) return new AppError("not-found", `No such ${named} in this cluster.`, { cause: error });
    if (error.code === INVALID_TOPIC_EXCEPTION) return new AppError("invalid-request", `The cluster refused ${named}: ${error.message}`, { cause: error });
    if (REFUSALS.has(error.code)) return new AppError("invalid-request", `The cluster refused it: ${brokerReason(error)}`, { cause: error });
  }
  if (error instanceof ConnectionError || error instanceof KafkaProtocolError) {
    return new AppError("cluster-unreachable", "The cluster did not answer. Try again in a moment.", { cause: error });
  }
  return new AppError("cluster-unreachable", "Talking to the cluster failed.", { cause: error });
}

import type { ErrorName } from "@freshet/protocol/errors/error-codes";

/** The Kafka error names the controller answers with; each maps to a code in the one error table. */
export type ControllerErrorName = Extract<
  ErrorName,
  | "TOPIC_ALREADY_EXISTS"
  | "UNKNOWN_TOPIC_OR_PARTITION"
  | "INVALID_TOPIC_EXCEPTION"
  | "INVALID_PARTITIONS"
  | "INVALID_REPLICATION_FACTOR"
  | "INVALID_CONFIG"
  | "INVALID_REQUEST"
  | "FENCED_LEADER_EPOCH"
  | "UNKNOWN_MEMBER_ID"
  | "NOT_CONTROLLER"
  | "KAFKA_STORAGE_ERROR"
  | "REQUEST_TIMED_OUT"
>;

/**
 * A refused controller request. `message` is for operators; callers branch on
 * `errorName`. NOT_CONTROLLER means the controller is closing or unreachable and
 * REQUEST_TIMED_OUT that no answer came: both are worth retrying.
 */
export interface ControllerError {
  readonly errorName: ControllerErrorName;
  readonly message: string;
}

export function controllerError(errorName: ControllerErrorName, message: string): ControllerError {
  return { errorName, message };
}

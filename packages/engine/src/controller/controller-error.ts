import { errorName, type ErrorName } from "@freshet/protocol/errors/error-codes";

/** The Kafka error names the controller answers with; each maps to a code in the one error table. */
export const CONTROLLER_ERROR_NAMES = [
  "TOPIC_ALREADY_EXISTS",
  "UNKNOWN_TOPIC_OR_PARTITION",
  "INVALID_TOPIC_EXCEPTION",
  "INVALID_PARTITIONS",
  "INVALID_REPLICATION_FACTOR",
  "INVALID_REPLICA_ASSIGNMENT",
  "INVALID_CONFIG",
  "INVALID_REQUEST",
  "FENCED_LEADER_EPOCH",
  "UNKNOWN_MEMBER_ID",
  "NOT_CONTROLLER",
  "KAFKA_STORAGE_ERROR",
  "REQUEST_TIMED_OUT",
  "POLICY_VIOLATION",
  "CLUSTER_AUTHORIZATION_FAILED",
  "SASL_AUTHENTICATION_FAILED",
  "UNKNOWN_SERVER_ERROR",
] as const satisfies readonly ErrorName[];

export type ControllerErrorName = (typeof CONTROLLER_ERROR_NAMES)[number];

/**
 * A refused controller request. `message` is for operators; callers branch on
 * `errorName`. NOT_CONTROLLER means the controller is closing or unreachable and
 * REQUEST_TIMED_OUT that no answer came: both are worth retrying.
 * UNKNOWN_SERVER_ERROR stands for a code this client does not know.
 */
export interface ControllerError {
  readonly errorName: ControllerErrorName;
  readonly message: string;
}

export function controllerError(errorName: ControllerErrorName, message: string): ControllerError {
  return { errorName, message };
}

/** The error a controller answered with, by its Kafka code. */
export function controllerErrorFromCode(code: number, message: string | null): ControllerError {
  const name = errorName(code);
  const known = (CONTROLLER_ERROR_NAMES as readonly string[]).includes(name) ? (name as ControllerErrorName) : "UNKNOWN_SERVER_ERROR";
  return { errorName: known, message: message ?? name };
}

/** A controller request that failed; thrown by client calls that have no error value to return. */
export class ControllerRequestError extends Error {
  readonly retriable: boolean;

  constructor(
    readonly error: ControllerError,
    options?: { cause?: unknown },
  ) {
    super(`${error.errorName}: ${error.message}`, options);
    this.name = "ControllerRequestError";
    this.retriable = error.errorName === "NOT_CONTROLLER" || error.errorName === "REQUEST_TIMED_OUT" || error.errorName === "KAFKA_STORAGE_ERROR";
  }
}

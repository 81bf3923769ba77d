/**
 * Kafka error codes we send or understand, from Kafka's Errors.java. `retriable`
 * follows what the clients do with them (kafkajs src/protocol/error.js).
 */
export const ERROR_CODES = {
  UNKNOWN_SERVER_ERROR: { code: -1, retriable: false, message: "The server experienced an unexpected error" },
  NONE: { code: 0, retriable: false, message: "" },
  OFFSET_OUT_OF_RANGE: { code: 1, retriable: false, message: "The requested offset is not within the range of offsets maintained by the server" },
  CORRUPT_MESSAGE: { code: 2, retriable: true, message: "The record batch failed its CRC check, exceeds a valid size, has a null key for a compacted topic, or is otherwise corrupt" },
  UNKNOWN_TOPIC_OR_PARTITION: { code: 3, retriable: true, message: "This server does not host this topic-partition" },
  LEADER_NOT_AVAILABLE: { code: 5, retriable: true, message: "There is no leader for this topic-partition as we are in the middle of a leadership election" },
  NOT_LEADER_OR_FOLLOWER: { code: 6, retriable: true, message: "This server is not the leader or follower for that topic-partition" },
  REQUEST_TIMED_OUT: { code: 7, retriable: true, message: "The request timed out" },
  MESSAGE_TOO_LARGE: { code: 10, retriable: false, message: "The request included a record batch larger than the maximum message size the server will accept" },
  COORDINATOR_LOAD_IN_PROGRESS: { code: 14, retriable: true, message: "The coordinator is loading and hence can't process requests" },
  COORDINATOR_NOT_AVAILABLE: { code: 15, retriable: true, message: "The coordinator is not available" },
  NOT_COORDINATOR: { code: 16, retriable: true, message: "This is not the correct coordinator" },
  INVALID_TOPIC_EXCEPTION: { code: 17, retriable: false, message: "The request attempted to perform an operation on an invalid topic" },
  RECORD_LIST_TOO_LARGE: { code: 18, retriable: false, message: "The request included a record batch larger than the segment size" },
  NOT_ENOUGH_REPLICAS: { code: 19, retriable: true, message: "Messages are rejected since there are fewer in-sync replicas than required" },
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: { code: 20, retriable: true, message: "Messages are written to the log, but to fewer in-sync replicas than required" },
  INVALID_REQUIRED_ACKS: { code: 21, retriable: false, message: "Produce request specified an invalid value for required acks" },
  ILLEGAL_GENERATION: { code: 22, retriable: false, message: "Specified group generation id is not valid" },
  INCONSISTENT_GROUP_PROTOCOL: { code: 23, retriable: false, message: "The group member's supported protocols are incompatible with those of existing members" },
  INVALID_GROUP_ID: { code: 24, retriable: false, message: "The configured groupId is invalid" },
  UNKNOWN_MEMBER_ID: { code: 25, retriable: false, message: "The coordinator is not aware of this member" },
  INVALID_SESSION_TIMEOUT: { code: 26, retriable: false, message: "The session timeout is not within the range allowed by the broker" },
  REBALANCE_IN_PROGRESS: { code: 27, retriable: false, message: "The group is rebalancing, so a rejoin is needed" },
  INVALID_COMMIT_OFFSET_SIZE: { code: 28, retriable: false, message: "The committing offset data size is not valid" },
  TOPIC_AUTHORIZATION_FAILED: { code: 29, retriable: false, message: "Topic authorization failed" },
  GROUP_AUTHORIZATION_FAILED: { code: 30, retriable: false, message: "Group authorization failed" },
  CLUSTER_AUTHORIZATION_FAILED: { code: 31, retriable: false, message: "Cluster authorization failed" },
  INVALID_TIMESTAMP: { code: 32, retriable: false, message: "The timestamp of the message is out of acceptable range" },
  UNSUPPORTED_SASL_MECHANISM: { code: 33, retriable: false, message: "The broker does not support the requested SASL mechanism" },
  ILLEGAL_SASL_STATE: { code: 34, retriable: false, message: "Request is not valid given the current SASL state" },
  UNSUPPORTED_VERSION: { code: 35, retriable: false, message: "The version of API is not supported" },
  TOPIC_ALREADY_EXISTS: { code: 36, retriable: false, message: "Topic with this name already exists" },
  INVALID_PARTITIONS: { code: 37, retriable: false, message: "Number of partitions is below 1" },
  INVALID_REPLICATION_FACTOR: { code: 38, retriable: false, message: "Replication factor is below 1 or larger than the number of available brokers" },
  INVALID_REPLICA_ASSIGNMENT: { code: 39, retriable: false, message: "Replica assignment is invalid" },
  INVALID_CONFIG: { code: 40, retriable: false, message: "Configuration is invalid" },
  NOT_CONTROLLER: { code: 41, retriable: true, message: "This is not the correct controller for this cluster" },
  INVALID_REQUEST: { code: 42, retriable: false, message: "This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker" },
  UNSUPPORTED_FOR_MESSAGE_FORMAT: { code: 43, retriable: false, message: "The message format version on the broker does not support the request" },
  POLICY_VIOLATION: { code: 44, retriable: false, message: "Request parameters do not satisfy the configured policy" },
  OUT_OF_ORDER_SEQUENCE_NUMBER: { code: 45, retriable: false, message: "The broker received an out of order sequence number" },
  DUPLICATE_SEQUENCE_NUMBER: { code: 46, retriable: false, message: "The broker received a duplicate sequence number" },
  INVALID_PRODUCER_EPOCH: { code: 47, retriable: false, message: "Producer attempted to produce with an old epoch" },
  SECURITY_DISABLED: { code: 54, retriable: false, message: "Security features are disabled" },
  KAFKA_STORAGE_ERROR: { code: 56, retriable: true, message: "Disk error when trying to access log file on the disk" },
  SASL_AUTHENTICATION_FAILED: { code: 58, retriable: false, message: "SASL Authentication failed" },
  UNKNOWN_PRODUCER_ID: { code: 59, retriable: false, message: "This exception is raised by the broker if it could not locate the producer metadata" },
  NON_EMPTY_GROUP: { code: 68, retriable: false, message: "The group is not empty" },
  GROUP_ID_NOT_FOUND: { code: 69, retriable: false, message: "The group id does not exist" },
  FETCH_SESSION_ID_NOT_FOUND: { code: 70, retriable: true, message: "The fetch session ID was not found" },
  FENCED_LEADER_EPOCH: { code: 74, retriable: true, message: "The leader epoch in the request is older than the epoch on the broker" },
  UNKNOWN_LEADER_EPOCH: { code: 75, retriable: true, message: "The leader epoch in the request is newer than the epoch on the broker" },
  UNSUPPORTED_COMPRESSION_TYPE: { code: 76, retriable: false, message: "The requesting client does not support the compression type of given partition" },
  MEMBER_ID_REQUIRED: { code: 79, retriable: false, message: "The group member needs to have a valid member id before actually entering a consumer group" },
  GROUP_SUBSCRIBED_TO_TOPIC: { code: 86, retriable: false, message: "The consumer group is actively subscribed to the topic" },
  INVALID_RECORD: { code: 87, retriable: false, message: "This record has failed the validation on broker and hence will be rejected" },
  THROTTLING_QUOTA_EXCEEDED: { code: 89, retriable: false, message: "The throttling quota has been exceeded" },
  RESOURCE_NOT_FOUND: { code: 91, retriable: false, message: "A request illegally referred to a resource that does not exist" },
  UNKNOWN_TOPIC_ID: { code: 100, retriable: true, message: "This server does not host this topic ID" },
} as const;

export type ErrorName = keyof typeof ERROR_CODES;

const byCode = new Map<number, ErrorName>(Object.entries(ERROR_CODES).map(([name, entry]) => [entry.code, name as ErrorName]));

export function errorCode(name: ErrorName): number {
  return ERROR_CODES[name].code;
}

export function errorName(code: number): ErrorName | `UNKNOWN_ERROR_${number}` {
  return byCode.get(code) ?? `UNKNOWN_ERROR_${code}`;
}

export function isRetriable(code: number): boolean {
  const name = byCode.get(code);
  return name !== undefined && ERROR_CODES[name].retriable;
}

/** A Kafka error code surfaced as a typed error on the client side. */
export class KafkaProtocolError extends Error {
  readonly retriable: boolean;
  constructor(
    readonly code: number,
    context: string,
    options?: { cause?: unknown },
  ) {
    const name = errorName(code);
    const known = byCode.get(code);
    super(`${context}: ${name}${known ? ` (${ERROR_CODES[known].message})` : ""}`, options);
    this.name = "KafkaProtocolError";
    this.retriable = isRetriable(code);
  }
}

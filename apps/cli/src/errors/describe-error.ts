import { ConnectionError } from "@freshet/client/connection/connection-error";
import { UnknownPartitionError, UnknownTopicError } from "@freshet/client/cluster/cluster-errors";
import { RecordDecodeError } from "@freshet/client/consumer/consumed-record";
import { KafkaProtocolError, errorName } from "@freshet/protocol/errors/error-codes";
import { ConfigFileError } from "../profile/config-file.js";
import { UserError } from "./user-error.js";

const START_HINT = "start one with `freshet cluster start --local`";

/** Kafka error codes phrased for people where the protocol's description is unclear. */
const FRIENDLY: Partial<Record<string, string>> = {
  TOPIC_ALREADY_EXISTS: "the topic already exists",
  UNKNOWN_TOPIC_OR_PARTITION: "no such topic or partition",
  NOT_LEADER_OR_FOLLOWER: "the partition's leader moved; try again",
  REQUEST_TIMED_OUT: "the broker did not finish in time",
};

function describeKafkaError(error: KafkaProtocolError): string {
  const friendly = FRIENDLY[errorName(error.code)];
  if (friendly === undefined) return error.message;
  const context = error.message.slice(0, error.message.indexOf(": "));
  return `${context}: ${friendly}`;
}

/**
 * One line for any error reaching the top of the CLI, plus whether it is expected
 * (a user-facing condition: no stack trace) or a bug.
 */
export function describeError(error: unknown): { message: string; expected: boolean } {
  if (error instanceof UserError || error instanceof ConfigFileError) return { message: error.message, expected: true };
  if (error instanceof ConnectionError) {
    if (error.kind === "connect") return { message: `${error.message} — ${START_HINT}`, expected: true };
    return { message: error.message, expected: true };
  }
  if (error instanceof UnknownTopicError) {
    return { message: `${error.message} — create it with \`freshet topic create ${error.topic}\``, expected: true };
  }
  if (error instanceof UnknownPartitionError || error instanceof RecordDecodeError) return { message: error.message, expected: true };
  if (error instanceof KafkaProtocolError) return { message: describeKafkaError(error), expected: true };
  if (error instanceof Error) return { message: error.message, expected: false };
  return { message: String(error), expected: false };
}

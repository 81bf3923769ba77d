import { createClient, type FreshetClient } from "@freshet/client/client";
import { UnknownPartitionError, UnknownTopicError } from "@freshet/client/cluster/cluster-errors";
import { ConnectionError } from "@freshet/client/connection/connection-error";
import { KafkaProtocolError, errorCode } from "@freshet/protocol/errors/error-codes";
import { z } from "zod";
import { PermanentError } from "../../kit/errors.js";

/** The remote cluster's address and login, shared by kafka-source and kafka-sink. */
export const remoteClusterFields = {
  bootstrap: z
    .string()
    .regex(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, "must be host:port, or several separated by commas")
    .describe("host:port[,host:port…] of the other cluster (any Kafka-protocol broker: Freshet, Kafka, Redpanda)."),
  sasl: z
    .strictObject({
      mechanism: z.enum(["plain", "scram-sha-256"]).default("scram-sha-256").describe("The SASL mechanism the other cluster's listener takes. Default scram-sha-256."),
      username: z.string().min(1).describe("The user to log in as."),
      password: z.string().min(1).describe("The user's password."),
    })
    .optional()
    .describe("Log in with SASL (a SASL_PLAINTEXT listener). Default: no login."),
  topic: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,249}$/, "must be 1 to 249 letters, digits, dots, dashes or underscores")
    .describe("The topic on the other cluster."),
};

export type RemoteCluster = z.infer<z.ZodObject<typeof remoteClusterFields>>;

/** Kafka codes refusing who we are or what we may do: asking again gets the same answer. */
const REFUSED_CODES = new Set((["TOPIC_AUTHORIZATION_FAILED", "GROUP_AUTHORIZATION_FAILED", "CLUSTER_AUTHORIZATION_FAILED", "SASL_AUTHENTICATION_FAILED"] as const).map((name) => errorCode(name)));

/** A client for the other cluster; its own retries stay short because the runtime retries with back-off. */
export function connectRemote(config: RemoteCluster, connectorName: string): FreshetClient {
  return createClient({
    bootstrap: config.bootstrap,
    clientId: `freshet-connector-${connectorName}`,
    sasl: config.sasl,
    connectTimeoutMs: 5_000,
    retry: { retries: 3, initialDelayMs: 100, maxDelayMs: 1_000, factor: 2 },
  });
}

/**
 * What the runtime should do with a client failure: a missing topic or a refused login stays
 * that way (PermanentError); anything else (broker down, leader moving) is worth retrying.
 */
export function asConnectorError(error: unknown, config: RemoteCluster): Error {
  if (error instanceof UnknownTopicError) return new PermanentError(`the topic ${config.topic} does not exist on ${config.bootstrap}`, { cause: error });
  if (error instanceof UnknownPartitionError) return new PermanentError(`${error.message} on ${config.bootstrap}`, { cause: error });
  if (error instanceof ConnectionError && error.kind === "authentication") return new PermanentError(`${config.bootstrap} refused the login: ${error.message}`, { cause: error });
  if (error instanceof KafkaProtocolError && REFUSED_CODES.has(error.code)) return new PermanentError(`${config.bootstrap} refused access: ${error.message}`, { cause: error });
  if (error instanceof ConnectionError && error.kind === "connect") return new Error(`cannot reach ${config.bootstrap}: ${error.message}`, { cause: error });
  return error instanceof Error ? error : new Error(String(error));
}

/** check(): the topic's partition count, or why the cluster cannot be used. */
export async function describeRemoteTopic(config: RemoteCluster, connectorName: string): Promise<{ ok: true; detail: string } | { ok: false; message: string }> {
  const client = connectRemote(config, connectorName);
  try {
    const topic = await client.cluster.retry(() => client.cluster.topic(config.topic, { refresh: true }));
    return { ok: true, detail: `the topic ${config.topic} on ${config.bootstrap} has ${topic.partitions.length.toString()} partition${topic.partitions.length === 1 ? "" : "s"}` };
  } catch (error) {
    return { ok: false, message: asConnectorError(error, config).message };
  } finally {
    await client.close();
  }
}

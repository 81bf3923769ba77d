import { KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { describeCluster } from "@freshet/protocol/messages/freshet/controller-api";
import { err, ok, type Result } from "@freshet/protocol/result";
import { ConnectionError } from "../connection/connection-error.js";
import { controllerRequest, type ControllerRequestOptions } from "./controller-request.js";

export interface SpuDescription {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  /** Heartbeats arrive, as the controller sees it. */
  readonly live: boolean;
  /** null when none arrived since the controller started. */
  readonly lastHeartbeatAgeMs: number | null;
}

/** Where a partition lives per the controller: the authoritative assignment. */
export interface PartitionAssignment {
  readonly topic: string;
  readonly partition: number;
  readonly replicas: readonly number[];
  /** -1 while offline (no eligible replica is live). */
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly isr: readonly number[];
}

export interface ClusterDescription {
  readonly clusterId: string;
  readonly stateEpoch: number;
  /** By id. */
  readonly spus: readonly SpuDescription[];
  /** By topic name, then partition. */
  readonly partitions: readonly PartitionAssignment[];
}

type ClusterDocument = Omit<ClusterDescription, "spus">;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isIdList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((id) => Number.isSafeInteger(id) && (id as number) >= 0);
}

function readPartition(topic: string, partition: number, value: unknown): Result<PartitionAssignment, string> {
  const where = `topic "${topic}" partition ${partition}`;
  if (!isRecord(value)) return err(`${where} is not an object`);
  const { replicas, leader, leaderEpoch, isr } = value;
  if (!isIdList(replicas) || !isIdList(isr)) return err(`${where} has malformed replicas or isr`);
  if (!Number.isSafeInteger(leader) || (leader as number) < -1) return err(`${where} has a malformed leader`);
  if (!Number.isSafeInteger(leaderEpoch)) return err(`${where} has a malformed leader epoch`);
  return ok({ topic, partition, replicas, leader: leader as number, leaderEpoch: leaderEpoch as number, isr });
}

/**
 * The parts of the controller's state document (JSON, engine/controller/cluster-state.ts)
 * that describe placement, checked field by field: it comes off the network.
 */
export function parseClusterDocument(text: string): Result<ClusterDocument, string> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return err(`the cluster state is not JSON: ${(cause as Error).message}`);
  }
  if (!isRecord(json) || !isRecord(json.topics)) return err("the cluster state has no topics object");
  if (typeof json.clusterId !== "string" || !Number.isSafeInteger(json.stateEpoch)) return err("the cluster state lacks clusterId or stateEpoch");
  const partitions: PartitionAssignment[] = [];
  for (const name of Object.keys(json.topics).sort()) {
    const topic = json.topics[name];
    if (!isRecord(topic) || !Array.isArray(topic.partitions)) return err(`topic "${name}" has no partitions array`);
    for (const [index, value] of topic.partitions.entries()) {
      const partition = readPartition(name, index, value);
      if (!partition.ok) return partition;
      partitions.push(partition.value);
    }
  }
  return ok({ clusterId: json.clusterId, stateEpoch: json.stateEpoch as number, partitions });
}

/** SPUs with their liveness and every partition's placement, from the streaming controller (DescribeCluster). */
export async function describeControllerCluster(options: ControllerRequestOptions): Promise<ClusterDescription> {
  const response = await controllerRequest(describeCluster, {}, options);
  if (response.errorCode !== 0) {
    throw new KafkaProtocolError(response.errorCode, `describe cluster${response.errorMessage ? ` (${response.errorMessage})` : ""}`);
  }
  const document = parseClusterDocument(response.state);
  if (!document.ok) throw new ConnectionError("protocol", options.address, `the controller sent an unusable cluster state: ${document.error}`);
  const spus = response.spus
    .map((spu) => ({
      id: spu.spuId,
      host: spu.host,
      port: spu.port,
      live: spu.live,
      lastHeartbeatAgeMs: spu.lastHeartbeatAgeMs < 0n ? null : Number(spu.lastHeartbeatAgeMs),
    }))
    .sort((a, b) => a.id - b.id);
  return { ...document.value, spus };
}

import { err, ok, type Result } from "@freshet/protocol/result";
import { findPartition, type ClusterState, type PartitionState } from "./cluster-state.js";
import { controllerError, type ControllerError } from "./controller-error.js";

/** A leader asking the controller to record the ISR it tracks. */
export interface IsrChange {
  readonly topic: string;
  readonly partition: number;
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly isr: readonly number[];
}

/**
 * Applies an ISR change to `draft`. Only the current leader at the current epoch
 * may change the ISR: a deposed leader that has not yet heard of the election is
 * fenced (FENCED_LEADER_EPOCH) and must not undo the controller's decision. A
 * replica the controller holds for dead cannot join the ISR (KIP-841): a leader
 * that saw it fetch before it died would otherwise make acks=all wait for it.
 */
export function applyIsrChange(draft: ClusterState, change: IsrChange, live: ReadonlySet<number>): Result<PartitionState, ControllerError> {
  const partition = findPartition(draft, change.topic, change.partition);
  if (partition === undefined) {
    return err(controllerError("UNKNOWN_TOPIC_OR_PARTITION", `partition ${change.topic}-${change.partition} does not exist`));
  }
  if (change.leaderId !== partition.leader || change.leaderEpoch !== partition.leaderEpoch) {
    return err(
      controllerError("FENCED_LEADER_EPOCH", `${change.topic}-${change.partition} is led by ${partition.leader} at epoch ${partition.leaderEpoch}, not ${change.leaderId} at ${change.leaderEpoch}`),
    );
  }
  const isr = [...change.isr];
  if (new Set(isr).size !== isr.length) return err(controllerError("INVALID_REQUEST", `ISR ${JSON.stringify(isr)} repeats a replica`));
  if (!isr.includes(change.leaderId)) return err(controllerError("INVALID_REQUEST", `ISR ${JSON.stringify(isr)} leaves out the leader ${change.leaderId}`));
  const stranger = isr.find((id) => !partition.replicas.includes(id));
  if (stranger !== undefined) return err(controllerError("INVALID_REQUEST", `SPU ${stranger} is not a replica of ${change.topic}-${change.partition}`));
  const dead = isr.find((id) => !partition.isr.includes(id) && !live.has(id));
  if (dead !== undefined) return err(controllerError("INVALID_REQUEST", `SPU ${dead} is not live and cannot join the ISR`));
  partition.isr = isr;
  return ok(partition);
}

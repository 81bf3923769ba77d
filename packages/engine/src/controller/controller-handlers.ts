import { errorCode } from "@freshet/protocol/errors/error-codes";
import {
  alterAclsChange,
  alterClientQuotasChange,
  allocateProducerIds,
  alterTopicConfig,
  alterIsr,
  createPartitions,
  createTopic,
  deleteTopic,
  describeCluster,
  registerSpu,
  spuHeartbeat,
  watchClusterState,
} from "@freshet/protocol/messages/freshet/controller-api";
import { handler, type ApiHandler, type RequestContext } from "../server/handler.js";
import { err, ok, type Result } from "@freshet/protocol/result";
import { z } from "zod";
import { aclChangeSchema, type AclChange } from "../acls/acl-bindings.js";
import { quotaChangeSchema, type QuotaChange } from "../quotas/client-quotas.js";
import { topicConfigSchema, type TopicConfig } from "../topics/topic-config.js";
import { findPartition, type ClusterStateView } from "./cluster-state.js";
import type { Controller } from "./controller.js";
import type { ControllerError } from "./controller-error.js";

const NO_ERROR = { errorCode: 0, errorMessage: null } as const;

function failure(error: ControllerError): { errorCode: number; errorMessage: string } {
  return { errorCode: errorCode(error.errorName), errorMessage: error.message };
}

/** The answer to a change: its state epoch, or why it was refused. */
function changeOutcome(result: { ok: true; value: { stateEpoch: number } } | { ok: false; error: ControllerError }) {
  if (!result.ok) return { ...failure(result.error), stateEpoch: -1n };
  return { ...NO_ERROR, stateEpoch: BigInt(result.value.stateEpoch) };
}

/** A topic config as CreateTopic and AlterTopicConfig carry it, or the refusal to answer. */
function topicConfigFromJson(text: string): Result<TopicConfig, { errorCode: number; errorMessage: string; stateEpoch: bigint }> {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return err({ errorCode: errorCode("INVALID_CONFIG"), errorMessage: "topic config is not JSON", stateEpoch: -1n });
  }
  const parsed = topicConfigSchema.safeParse(config);
  if (!parsed.success) return err({ errorCode: errorCode("INVALID_CONFIG"), errorMessage: `invalid topic config: ${parsed.error.message}`, stateEpoch: -1n });
  return ok(parsed.data);
}

/** Quota changes as ControllerAlterClientQuotas carries them, or the refusal to answer. */
function quotaChangesFromJson(text: string): Result<QuotaChange[], { errorCode: number; errorMessage: string; stateEpoch: bigint }> {
  let changes: unknown;
  try {
    changes = JSON.parse(text);
  } catch {
    return err({ errorCode: errorCode("INVALID_REQUEST"), errorMessage: "quota changes are not JSON", stateEpoch: -1n });
  }
  const parsed = z.array(quotaChangeSchema).safeParse(changes);
  if (!parsed.success) return err({ errorCode: errorCode("INVALID_REQUEST"), errorMessage: `invalid quota changes: ${parsed.error.issues[0]?.message ?? "unreadable"}`, stateEpoch: -1n });
  return ok(parsed.data);
}

/** An ACL change as ControllerAlterAcls carries it, or the refusal to answer. */
function aclChangeFromJson(text: string): Result<AclChange, { errorCode: number; errorMessage: string; stateEpoch: bigint }> {
  let change: unknown;
  try {
    change = JSON.parse(text);
  } catch {
    return err({ errorCode: errorCode("INVALID_REQUEST"), errorMessage: "the ACL change is not JSON", stateEpoch: -1n });
  }
  const parsed = aclChangeSchema.safeParse(change);
  if (!parsed.success) return err({ errorCode: errorCode("INVALID_REQUEST"), errorMessage: `invalid ACL change: ${parsed.error.issues[0]?.message ?? "unreadable"}`, stateEpoch: -1n });
  return ok(parsed.data);
}

/**
 * One AbortSignal per connection, aborted when the connection is abandoned, so a
 * parked watch ends when its SPU goes away without hanging a listener per watch
 * on the connection's `abandoned` promise.
 */
class ConnectionSignals {
  readonly #signals = new Map<number, AbortSignal>();

  for(context: RequestContext): AbortSignal {
    let signal = this.#signals.get(context.connectionId);
    if (signal === undefined) {
      const abort = new AbortController();
      signal = abort.signal;
      this.#signals.set(context.connectionId, signal);
      void context.abandoned.then(() => {
        abort.abort();
        this.#signals.delete(context.connectionId);
      });
    }
    return signal;
  }
}

/** The state as JSON, serialized once per state however many SPUs watch it. */
class StateJson {
  #view: ClusterStateView | null = null;
  #json = "";

  of(view: ClusterStateView): string {
    if (view !== this.#view) {
      this.#view = view;
      this.#json = JSON.stringify(view);
    }
    return this.#json;
  }
}

/** Handlers for the controller API (messages/freshet/controller-api.ts), served by a Dispatcher. */
export function controllerHandlers(controller: Controller): ApiHandler[] {
  const signals = new ConnectionSignals();
  const json = new StateJson();
  return [
    handler(registerSpu, async (request) => changeOutcome(await controller.registerSpu(request.spuId, request.host, request.port, request.incarnation))),
    handler(spuHeartbeat, async (request) => changeOutcome(await controller.heartbeat(request.spuId))),
    handler(watchClusterState, async (request, context) => {
      const view = await controller.watch(Number(request.knownStateEpoch), request.maxWaitMs, signals.for(context));
      return { ...NO_ERROR, stateEpoch: BigInt(view.stateEpoch), state: json.of(view) };
    }),
    handler(createTopic, async (request) => {
      const config = topicConfigFromJson(request.config);
      if (!config.ok) return config.error;
      const { name, partitions, replicationFactor } = request;
      if (request.internal) return changeOutcome(await controller.ensureTopic(name, partitions, replicationFactor, config.value));
      return changeOutcome(await controller.createTopic(name, partitions, replicationFactor, config.value, request.explicitConfig, request.assignments));
    }),
    handler(alterTopicConfig, async (request) => {
      const config = topicConfigFromJson(request.config);
      if (!config.ok) return config.error;
      return changeOutcome(await controller.alterTopicConfig(request.name, config.value, request.explicitConfig));
    }),
    handler(alterClientQuotasChange, async (request) => {
      const changes = quotaChangesFromJson(request.changes);
      if (!changes.ok) return changes.error;
      return changeOutcome(await controller.alterClientQuotas(changes.value));
    }),
    handler(alterAclsChange, async (request) => {
      const change = aclChangeFromJson(request.change);
      if (!change.ok) return change.error;
      return changeOutcome(await controller.alterAcls(change.value));
    }),
    handler(deleteTopic, async (request) => changeOutcome(await controller.deleteTopic(request.name))),
    handler(createPartitions, async (request) => changeOutcome(await controller.addPartitions(request.name, request.totalCount))),
    handler(alterIsr, async (request) => {
      const result = await controller.alterIsr(request);
      if (result.ok) {
        const { leader, leaderEpoch, isr } = result.value.partition;
        return { ...NO_ERROR, stateEpoch: BigInt(result.value.stateEpoch), leader, leaderEpoch, isr };
      }
      // A fenced leader learns where the partition stands now.
      const current = findPartition(controller.state, request.topic, request.partition);
      return { ...failure(result.error), stateEpoch: -1n, leader: current?.leader ?? -1, leaderEpoch: current?.leaderEpoch ?? -1, isr: current?.isr ?? [] };
    }),
    handler(allocateProducerIds, async (request) => {
      const result = await controller.allocateProducerIds(request.count);
      if (!result.ok) return { ...failure(result.error), stateEpoch: -1n, firstProducerId: -1n, count: 0 };
      return { ...NO_ERROR, stateEpoch: BigInt(result.value.stateEpoch), firstProducerId: BigInt(result.value.first), count: result.value.count };
    }),
    handler(describeCluster, () => ({
      ...NO_ERROR,
      spus: controller.spus().map((spu) => ({
        spuId: spu.id,
        host: spu.host,
        port: spu.port,
        live: spu.live,
        lastHeartbeatAgeMs: BigInt(spu.lastHeartbeatAgeMs ?? -1),
      })),
      state: json.of(controller.state),
    })),
  ];
}

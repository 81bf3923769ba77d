import { errorCode } from "@freshet/protocol/errors/error-codes";
import { alterConfigs, type AlterConfigsResponse } from "@freshet/protocol/messages/alter-configs";
import { describeConfigs, type DescribeConfigsResponse } from "@freshet/protocol/messages/describe-configs";
import { describeReplicas, type DescribeReplicasResponse } from "@freshet/protocol/messages/freshet/describe-replicas";
import { fetchSmartModule, listSmartModules, loadSmartModule } from "@freshet/protocol/messages/freshet/smartmodules";
import { joinGroup, type JoinGroupRequest } from "@freshet/protocol/messages/join-group";
import { metadata, type MetadataResponse } from "@freshet/protocol/messages/metadata";
import { produce, type ProduceRequest } from "@freshet/protocol/messages/produce";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import { describe, expect, it } from "vitest";
import type { AclBinding } from "../acls/acl-bindings.js";
import { Authorizer } from "../acls/authorizer.js";
import { handler, type ApiHandler, type RequestContext } from "../server/handler.js";
import type { SaslSession } from "../auth/sasl-session.js";
import { authorizeHandlers } from "./authorize.js";
import type { BrokerContext } from "./broker-context.js";
import { configGates } from "./config-gates.js";
import { BROKER_RESOURCE, TOPIC_RESOURCE } from "./config-resources.js";
import { groupGates } from "./group-gates.js";
import { smartModuleGates } from "./smartmodule-gates.js";
import { topicGates } from "./topic-gates.js";

const consumeOrders: AclBinding = { resourceType: "topic", resourceName: "orders", patternType: "prefixed", principal: "User:app", host: "*", operation: "read", permission: "allow" };
const tuneOrders: AclBinding = { ...consumeOrders, principal: "User:ops", operation: "alter_configs" };
const manageModules: AclBinding = { ...consumeOrders, principal: "User:ops", resourceType: "cluster", resourceName: "kafka-cluster", patternType: "literal", operation: "alter" };
const ctx = {
  authorizer: new Authorizer(() => [consumeOrders, tuneOrders, manageModules], new Set()),
  topics: { list: () => [], describe: () => undefined },
  settings: { autoCreateTopics: false },
} as unknown as BrokerContext;

function contextAs(user: string, apiVersion: number): RequestContext {
  return {
    header: { apiKey: 0, apiVersion, correlationId: 1, clientId: null },
    connectionId: 1,
    remoteAddress: "10.0.0.1",
    abandoned: new Promise(() => undefined),
    sasl: { principal: user } as SaslSession,
  };
}

function gated(inner: ApiHandler): ApiHandler {
  return authorizeHandlers(ctx, [inner], [...topicGates(ctx), ...groupGates(), ...configGates(), ...smartModuleGates()])[0]!;
}

const topic = (name: string) => ({ errorCode: 0, name, topicId: ZERO_UUID, isInternal: false, partitions: [], topicAuthorizedOperations: 0 });

describe("ACL gates", () => {
  it("hides topics a user may not describe from Metadata for all topics, and refuses them when named", async () => {
    const all: MetadataResponse = { throttleTimeMs: 0, brokers: [], clusterId: null, controllerId: 0, topics: [topic("orders-eu"), topic("payments")], clusterAuthorizedOperations: 0 };
    const served = gated(handler(metadata, (request) => ({ ...all, topics: request.topics === null ? all.topics : all.topics.filter((t) => request.topics!.some((r) => r.name === t.name)) })));
    const request = { topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false };
    const listed = (await served.handle(request, contextAs("app", 12))) as MetadataResponse;
    expect(listed.topics.map((t) => t.name)).toEqual(["orders-eu"]);
    const named = (await served.handle({ ...request, topics: [{ topicId: ZERO_UUID, name: "payments" }] }, contextAs("app", 12))) as MetadataResponse;
    expect(named.topics.map((t) => [t.name, t.errorCode])).toEqual([["payments", errorCode("TOPIC_AUTHORIZATION_FAILED")]]);
    const unrestricted = (await served.handle(request, contextAs("other", 12))) as MetadataResponse;
    expect(unrestricted.topics).toHaveLength(2);
  });

  it("passes on only the topics a Produce may write, refusing the rest per partition", async () => {
    const seen: string[][] = [];
    const served = gated(
      handler(produce, (request) => {
        seen.push(request.topicData.map((t) => t.name));
        return { responses: [], throttleTimeMs: 0 };
      }),
    );
    const request: ProduceRequest = { transactionalId: null, acks: -1, timeoutMs: 1000, topicData: [{ name: "orders", partitionData: [{ index: 0, records: null }] }] };
    const answer = await served.handle(request, contextAs("app", 9));
    expect(seen).toEqual([[]]);
    expect(answer).toMatchObject({ responses: [{ name: "orders", partitionResponses: [{ index: 0, errorCode: errorCode("TOPIC_AUTHORIZATION_FAILED") }] }] });
  });

  it("refuses a JoinGroup without READ on the group before it reaches the coordinator", async () => {
    const served = gated(
      handler(joinGroup, () => {
        throw new Error("reached the coordinator");
      }),
    );
    const request: JoinGroupRequest = {
      groupId: "billing",
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 10_000,
      memberId: "",
      groupInstanceId: null,
      protocolType: "consumer",
      protocols: [],
      reason: null,
    };
    expect(await served.handle(request, contextAs("app", 5))).toMatchObject({ errorCode: errorCode("GROUP_AUTHORIZATION_FAILED") });
  });

  it("lets only ALTER_CONFIGS change a topic's config and refuses a broker's without it on the cluster", async () => {
    const seen: string[][] = [];
    const served = gated(
      handler(alterConfigs, (request) => {
        seen.push(request.resources.map((r) => r.resourceName));
        return { throttleTimeMs: 0, responses: request.resources.map((r) => ({ errorCode: 0, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName })) };
      }),
    );
    const retention = [{ name: "retention.ms", value: "1" }];
    const request = {
      resources: [
        { resourceType: TOPIC_RESOURCE, resourceName: "orders-eu", configs: retention },
        { resourceType: BROKER_RESOURCE, resourceName: "0", configs: retention },
      ],
      validateOnly: false,
    };
    const byConsumer = (await served.handle(request, contextAs("app", 1))) as AlterConfigsResponse;
    expect(byConsumer.responses.map((r) => [r.resourceName, r.errorCode])).toEqual([
      ["orders-eu", errorCode("TOPIC_AUTHORIZATION_FAILED")],
      ["0", errorCode("CLUSTER_AUTHORIZATION_FAILED")],
    ]);
    const byOperator = (await served.handle(request, contextAs("ops", 1))) as AlterConfigsResponse;
    expect(byOperator.responses.map((r) => [r.resourceName, r.errorCode])).toEqual([
      ["orders-eu", 0],
      ["0", errorCode("CLUSTER_AUTHORIZATION_FAILED")],
    ]);
    expect(seen).toEqual([[], ["orders-eu"]]);
  });

  it("answers DescribeConfigs only for topics the user may describe the configuration of (ALTER_CONFIGS implies it)", async () => {
    const served = gated(
      handler(describeConfigs, (request) => ({
        throttleTimeMs: 0,
        results: request.resources.map((r) => ({ errorCode: 0, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName, configs: [] })),
      })),
    );
    const request = { resources: [{ resourceType: TOPIC_RESOURCE, resourceName: "orders-eu", configurationKeys: null }], includeSynonyms: false, includeDocumentation: false };
    const codes = async (user: string) => ((await served.handle(request, contextAs(user, 1))) as DescribeConfigsResponse).results.map((r) => r.errorCode);
    expect(await codes("app")).toEqual([errorCode("TOPIC_AUTHORIZATION_FAILED")]);
    expect(await codes("ops")).toEqual([0]);
  });

  it("keeps SmartModule loading to users with ALTER on the cluster, and lets them list", async () => {
    const loaded: string[] = [];
    const entry = { name: "mask", version: "1.0.0", digest: "d", kind: "map", description: null, params: [], sizeBytes: 1n, loadedAt: 1n, provenance: null };
    const load = gated(
      handler(loadSmartModule, (request) => {
        loaded.push(request.name);
        return { errorCode: 0, errorMessage: null, ...entry };
      }),
    );
    const request = { name: "mask", version: "1.0.0", component: new Uint8Array(0), provenance: null };
    expect(await load.handle(request, contextAs("app", 0))).toMatchObject({ errorCode: errorCode("CLUSTER_AUTHORIZATION_FAILED") });
    expect(await load.handle(request, contextAs("ops", 0))).toMatchObject({ errorCode: 0, name: "mask" });
    expect(loaded).toEqual(["mask"]);
    const list = gated(handler(listSmartModules, () => ({ errorCode: 0, errorMessage: null, entries: [entry] })));
    expect(await list.handle({}, contextAs("app", 0))).toMatchObject({ errorCode: errorCode("CLUSTER_AUTHORIZATION_FAILED"), entries: [] });
    expect(await list.handle({}, contextAs("ops", 0))).toMatchObject({ errorCode: 0, entries: [entry] });
    // Fetching a component is reading the registry, as listing is.
    const fetch = gated(handler(fetchSmartModule, () => ({ errorCode: 0, errorMessage: null, ...entry, component: new Uint8Array([1]) })));
    expect(await fetch.handle({ name: "mask", version: null }, contextAs("app", 0))).toMatchObject({ errorCode: errorCode("CLUSTER_AUTHORIZATION_FAILED"), component: new Uint8Array(0) });
    expect(await fetch.handle({ name: "mask", version: null }, contextAs("ops", 0))).toMatchObject({ errorCode: 0, component: new Uint8Array([1]) });
  });

  it("leaves out of DescribeReplicas the topics the user may not describe", async () => {
    const replica = (topic: string) => ({ topic, partition: 0, role: "leader", leaderEpoch: 0, logStartOffset: 0n, logEndOffset: 0n, highWatermark: 0n, isr: [0], sizeBytes: 0n });
    const served = gated(handler(describeReplicas, () => ({ replicas: [replica("orders-eu"), replica("payments")] })));
    const shown = (await served.handle({ topics: null }, contextAs("app", 1))) as DescribeReplicasResponse;
    expect(shown.replicas.map((r) => r.topic)).toEqual(["orders-eu"]);
  });
});

import { errorCode } from "@freshet/protocol/errors/error-codes";
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
import { groupGates } from "./group-gates.js";
import { topicGates } from "./topic-gates.js";

const consumeOrders: AclBinding = { resourceType: "topic", resourceName: "orders", patternType: "prefixed", principal: "User:app", host: "*", operation: "read", permission: "allow" };
const ctx = {
  authorizer: new Authorizer(() => [consumeOrders], new Set()),
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
  return authorizeHandlers(ctx, [inner], [...topicGates(ctx), ...groupGates()])[0]!;
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
});

import type { Socket } from "node:net";
import { decodeRequest, encodeResponse } from "@freshet/protocol/framing/codec";
import { advertisedApiVersions, apiByKey, apiVersions, AUTHORIZED_OPERATIONS_OMITTED, metadata, type ApiDefinition, type RequestOf, type ResponseOf } from "@freshet/protocol/messages/index";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import { FakeBroker, writeChunks, type ReceivedRequest } from "./fake-broker.js";

type Handler = (request: ReceivedRequest, body: unknown) => unknown;

/**
 * A one-broker cluster faked at the wire level: ApiVersions and Metadata are
 * answered from a description, everything else by per-API handlers the test sets.
 */
export class FakeCluster {
  readonly broker: FakeBroker;
  readonly #handlers = new Map<number, Handler>();
  topics: Array<{ name: string; errorCode?: number; partitions: number }> = [];

  private constructor(broker: FakeBroker) {
    this.broker = broker;
  }

  static async start(): Promise<FakeCluster> {
    let cluster: FakeCluster | null = null;
    const broker = await FakeBroker.start((request, socket) => cluster!.#answer(request, socket));
    cluster = new FakeCluster(broker);
    return cluster;
  }

  get bootstrap(): string {
    return `127.0.0.1:${this.broker.port}`;
  }

  on<A extends ApiDefinition>(api: A, handler: (body: RequestOf<A>, request: ReceivedRequest) => ResponseOf<A> | null): void {
    this.#handlers.set(api.key, (request, body) => handler(body as RequestOf<A>, request));
  }

  requestsOf(api: ApiDefinition): ReceivedRequest[] {
    return this.broker.received.filter((r) => r.apiKey === api.key);
  }

  #answer(request: ReceivedRequest, socket: Socket): void {
    const api = apiByKey(request.apiKey);
    if (api === undefined) return void socket.destroy();
    const decoded = decodeRequest(api, request.frame);
    if (!decoded.ok) return void socket.destroy();
    let body: unknown;
    if (api.key === apiVersions.key) body = { errorCode: 0, apiKeys: advertisedApiVersions(), throttleTimeMs: 0 };
    else if (api.key === metadata.key) body = this.#metadata(decoded.value.body as RequestOf<typeof metadata>);
    else body = this.#handlers.get(api.key)?.(request, decoded.value.body) ?? null;
    // null: no answer (acks=0, or a test that wants silence).
    if (body !== null) writeChunks(socket, encodeResponse(api, request.apiVersion, request.correlationId, body as never));
  }

  #metadata(request: RequestOf<typeof metadata>): ResponseOf<typeof metadata> {
    const wanted = request.topics === null ? this.topics.map((t) => t.name) : request.topics.map((t) => t.name);
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 0, host: "127.0.0.1", port: this.broker.port, rack: null }],
      clusterId: "fake",
      controllerId: 0,
      topics: wanted.map((name) => {
        const topic = this.topics.find((t) => t.name === name);
        const answered = { name, topicId: ZERO_UUID, isInternal: false, topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED };
        if (topic === undefined) return { ...answered, errorCode: 3, partitions: [] };
        return {
          ...answered,
          errorCode: topic.errorCode ?? 0,
          partitions: Array.from({ length: topic.partitions }, (_, partitionIndex) => ({
            errorCode: 0,
            partitionIndex,
            leaderId: 0,
            leaderEpoch: -1,
            replicaNodes: [0],
            isrNodes: [0],
            offlineReplicas: [],
          })),
        };
      }),
      clusterAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
    };
  }

  stop(): Promise<void> {
    return this.broker.stop();
  }
}

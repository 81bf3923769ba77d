import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { decodeRequest, encodeResponse } from "@freshet/protocol/framing/codec";
import { KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { controllerAuthBegin, controllerAuthProve, describeCluster } from "@freshet/protocol/messages/freshet/controller-api";
import { controllerServerProof } from "@freshet/protocol/messages/freshet/controller-auth-proof";
import { describeReplicas, type DescribeReplicasResponse } from "@freshet/protocol/messages/freshet/describe-replicas";
import { advertisedApiVersions, apiVersions, metadata, type ApiDefinition, type ResponseOf } from "@freshet/protocol/messages/index";
import { Cluster } from "../cluster/cluster.js";
import { ConnectionError } from "../connection/connection-error.js";
import { FakeBroker, writeChunks, type ReceivedRequest } from "../test-support/fake-broker.js";
import { nodeTcpConnector } from "../transport/node-tcp.js";
import { describeControllerCluster, parseClusterDocument } from "./cluster-description.js";
import { describeReplicasOf } from "./replicas.js";

const peers: FakeBroker[] = [];
const clusters: Cluster[] = [];

afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.close()));
  await Promise.all(peers.splice(0).map((p) => p.stop()));
});

async function peer(answer: (request: ReceivedRequest) => { api: ApiDefinition; body: unknown } | "hang-up"): Promise<FakeBroker> {
  const broker = await FakeBroker.start((request, socket) => {
    const reply = answer(request);
    if (reply === "hang-up") return void socket.destroy();
    writeChunks(socket, encodeResponse(reply.api, request.apiVersion, request.correlationId, reply.body as never));
  });
  peers.push(broker);
  return broker;
}

const SECRET = new Uint8Array(32).fill(5);
const SERVER_NONCE = new Uint8Array(32).fill(6);

/** A fake controller: authenticates like the real one (holding `secret`), then answers with `answer`. */
async function controllerPeer(answer: (request: ReceivedRequest) => { api: ApiDefinition; body: unknown } | "hang-up", secret = SECRET): Promise<FakeBroker> {
  let clientNonce = new Uint8Array(0);
  const broker = await FakeBroker.start((request, socket) => {
    const reply = async (): Promise<{ api: ApiDefinition; body: unknown } | "hang-up"> => {
      if (request.apiKey === controllerAuthBegin.key) {
        const decoded = decodeRequest(controllerAuthBegin, request.frame);
        clientNonce = decoded.ok ? decoded.value.body.clientNonce.slice() : clientNonce;
        return { api: controllerAuthBegin, body: { errorCode: 0, errorMessage: null, serverNonce: SERVER_NONCE } };
      }
      if (request.apiKey === controllerAuthProve.key) {
        return { api: controllerAuthProve, body: { errorCode: 0, errorMessage: null, serverProof: await controllerServerProof(secret, clientNonce, SERVER_NONCE) } };
      }
      return answer(request);
    };
    void reply().then((body) => {
      if (body === "hang-up") return void socket.destroy();
      writeChunks(socket, encodeResponse(body.api, request.apiVersion, request.correlationId, body.body as never));
    });
  });
  peers.push(broker);
  return broker;
}

const state = {
  version: 2,
  clusterId: "c-1",
  stateEpoch: 12,
  nextProducerId: 0,
  spus: { "0": { host: "127.0.0.1", port: 9092, live: true } },
  topics: {
    orders: { id: "t1", config: {}, explicitConfig: [], createdAt: 1, partitions: [{ replicas: [0, 1], leader: 1, leaderEpoch: 2, isr: [1] }] },
    audit: { id: "t2", config: {}, explicitConfig: [], createdAt: 1, partitions: [{ replicas: [1], leader: -1, leaderEpoch: 0, isr: [] }] },
  },
};

function describeAnswer(overrides: Partial<ResponseOf<typeof describeCluster>> = {}) {
  return {
    api: describeCluster,
    body: {
      errorCode: 0,
      errorMessage: null,
      spus: [
        { spuId: 1, host: "127.0.0.1", port: 9093, live: false, lastHeartbeatAgeMs: 4_200n },
        { spuId: 0, host: "127.0.0.1", port: 9092, live: true, lastHeartbeatAgeMs: -1n },
      ],
      state: JSON.stringify(state),
      ...overrides,
    },
  };
}

function controllerAt(broker: FakeBroker) {
  return { address: { host: "127.0.0.1", port: broker.port }, secret: SECRET, connector: nodeTcpConnector, timeoutMs: 2_000 };
}

describe("describeControllerCluster", () => {
  it("authenticates, asks the controller directly (no ApiVersions) and reads SPUs and placements", async () => {
    const sc = await controllerPeer(() => describeAnswer());
    const description = await describeControllerCluster(controllerAt(sc));
    expect(sc.received.map((r) => [r.apiKey, r.apiVersion])).toEqual([
      [1013, 0],
      [1014, 0],
      [1008, 0],
    ]);
    expect(description).toEqual({
      clusterId: "c-1",
      stateEpoch: 12,
      spus: [
        { id: 0, host: "127.0.0.1", port: 9092, live: true, lastHeartbeatAgeMs: null },
        { id: 1, host: "127.0.0.1", port: 9093, live: false, lastHeartbeatAgeMs: 4_200 },
      ],
      partitions: [
        { topic: "audit", partition: 0, replicas: [1], leader: -1, leaderEpoch: 0, isr: [] },
        { topic: "orders", partition: 0, replicas: [0, 1], leader: 1, leaderEpoch: 2, isr: [1] },
      ],
    });
  });

  it("reports the controller's error code", async () => {
    const sc = await controllerPeer(() => describeAnswer({ errorCode: 41, errorMessage: "not ready" }));
    const failure = await describeControllerCluster(controllerAt(sc)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(KafkaProtocolError);
    expect((failure as KafkaProtocolError).code).toBe(41);
    expect((failure as Error).message).toContain("describe cluster (not ready)");
  });

  it("refuses an unusable state document as a protocol error", async () => {
    const sc = await controllerPeer(() => describeAnswer({ state: '{"clusterId":"c","stateEpoch":1,"topics":{"t":{"partitions":[{"replicas":[0],"leader":"0"}]}}}' }));
    const failure = await describeControllerCluster(controllerAt(sc)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConnectionError);
    expect((failure as ConnectionError).kind).toBe("protocol");
    expect((failure as Error).message).toContain('topic "t" partition 0 has malformed replicas or isr');
  });

  it("fails as closed when the controller hangs up without answering", async () => {
    const sc = await controllerPeer(() => "hang-up");
    const failure = await describeControllerCluster(controllerAt(sc)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConnectionError);
    expect((failure as ConnectionError).kind).toBe("closed");
  });

  it("refuses a controller that cannot prove it holds the cluster's secret", async () => {
    const impostor = await controllerPeer(() => describeAnswer(), new Uint8Array(32).fill(9));
    const failure = await describeControllerCluster(controllerAt(impostor)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(KafkaProtocolError);
    expect((failure as Error).message).toContain("could not prove it holds this cluster's controller secret");
    expect(impostor.received.map((r) => r.apiKey)).toEqual([1013, 1014]);
  });

  it("names the controller when it cannot be reached", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const failure = await describeControllerCluster({ address: { host: "127.0.0.1", port }, secret: SECRET, connector: nodeTcpConnector }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConnectionError);
    expect((failure as ConnectionError).kind).toBe("connect");
    expect((failure as Error).message).toBe(`cannot reach the controller at 127.0.0.1:${port}: connection refused`);
  });
});

describe("parseClusterDocument", () => {
  it.each([
    ["not json", "the cluster state is not JSON"],
    ["[]", "the cluster state has no topics object"],
    ['{"topics":{}}', "the cluster state lacks clusterId or stateEpoch"],
    ['{"clusterId":"c","stateEpoch":1,"topics":{"t":{}}}', 'topic "t" has no partitions array'],
    ['{"clusterId":"c","stateEpoch":1,"topics":{"t":{"partitions":[{"replicas":[0],"isr":[0],"leader":-2,"leaderEpoch":0}]}}}', "malformed leader"],
    ['{"clusterId":"c","stateEpoch":1,"topics":{"t":{"partitions":[{"replicas":[0],"isr":[-1],"leader":0,"leaderEpoch":0}]}}}', "malformed replicas or isr"],
  ])("refuses %s", (text, message) => {
    const parsed = parseClusterDocument(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(message);
  });
});

/** A broker answering ApiVersions, Metadata (itself as node 4) and, when it offers it, DescribeReplicas. */
async function spu(offersDescribeReplicas: boolean, replicas: DescribeReplicasResponse["replicas"]): Promise<FakeBroker> {
  const apis = offersDescribeReplicas ? [apiVersions, metadata, describeReplicas] : [apiVersions, metadata];
  let self: FakeBroker | null = null;
  self = await peer((request) => {
    if (request.apiKey === apiVersions.key) return { api: apiVersions, body: { errorCode: 0, apiKeys: advertisedApiVersions(apis), throttleTimeMs: 0 } };
    if (request.apiKey === metadata.key) {
      return {
        api: metadata,
        body: { throttleTimeMs: 0, brokers: [{ nodeId: 4, host: "127.0.0.1", port: self!.port, rack: null }], clusterId: "c", controllerId: 4, topics: [] },
      };
    }
    if (request.apiKey === describeReplicas.key) {
      const decoded = decodeRequest(describeReplicas, request.frame);
      const topics = decoded.ok ? decoded.value.body.topics : [];
      return { api: describeReplicas, body: { replicas: replicas.filter((r) => topics === null || topics.includes(r.topic)) } };
    }
    return "hang-up";
  });
  return self;
}

function clusterOf(broker: FakeBroker): Cluster {
  const cluster = new Cluster({ bootstrap: [{ host: "127.0.0.1", port: broker.port }], connector: nodeTcpConnector });
  clusters.push(cluster);
  return cluster;
}

describe("describeReplicasOf", () => {
  const held: DescribeReplicasResponse["replicas"] = [
    { topic: "orders", partition: 0, role: "leader", leaderEpoch: 2, logStartOffset: 0n, logEndOffset: 130n, highWatermark: 100n, isr: [4, 1], sizeBytes: 4096n },
    { topic: "audit", partition: 3, role: "observer", leaderEpoch: 0, logStartOffset: 5n, logEndOffset: 9n, highWatermark: 9n, isr: [], sizeBytes: -1n },
  ];

  it("returns what the broker holds of the topics asked for, offsets and sizes as numbers", async () => {
    const cluster = clusterOf(await spu(true, held));
    expect(await describeReplicasOf(cluster, 4, ["orders"])).toEqual([
      { topic: "orders", partition: 0, role: "leader", leaderEpoch: 2, logStartOffset: 0, logEndOffset: 130, highWatermark: 100, isr: [4, 1], sizeBytes: 4096 },
    ]);
    // An unknown size (-1) is null, as from an SPU that answers DescribeReplicas v0.
    expect((await describeReplicasOf(cluster, 4, null))?.map((r) => [r.role, r.sizeBytes])).toEqual([
      ["leader", 4096],
      ["unknown", null],
    ]);
  });

  it("is null when the broker does not offer DescribeReplicas", async () => {
    const broker = await spu(false, held);
    expect(await describeReplicasOf(clusterOf(broker), 4, null)).toBeNull();
    expect(broker.received.some((r) => r.apiKey === describeReplicas.key)).toBe(false);
  });
});

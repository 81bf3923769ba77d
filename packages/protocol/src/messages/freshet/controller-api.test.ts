import { describe, expect, it } from "vitest";
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from "../../framing/codec.js";
import type { ApiDefinition, RequestOf, ResponseOf } from "../define.js";
import { SUPPORTED_APIS } from "../index.js";
import {
  allocateProducerIds,
  alterAclsChange,
  alterClientQuotasChange,
  alterTopicConfig,
  alterIsr,
  CONTROLLER_APIS,
  controllerAuthBegin,
  controllerAuthProve,
  controllerDeleteSmartModule,
  controllerListSmartModules,
  controllerLoadSmartModule,
  createPartitions,
  createTopic,
  deleteTopic,
  describeCluster,
  fetchSmartModule,
  registerSpu,
  spuHeartbeat,
  watchClusterState,
} from "./controller-api.js";

function concat(chunks: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(chunks));
}

interface Sample<A extends ApiDefinition> {
  readonly api: A;
  readonly request: RequestOf<A>;
  readonly response: ResponseOf<A>;
}

function sample<A extends ApiDefinition>(api: A, request: RequestOf<A>, response: ResponseOf<A>): Sample<ApiDefinition> {
  return { api, request, response } as Sample<ApiDefinition>;
}

const bigState = JSON.stringify({ topics: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`topic-${i}`, { partitions: [i] }])) });
const done = { errorCode: 0, errorMessage: null, stateEpoch: 7n };

const hubEntry = {
  name: "acme/hot",
  version: "0.1.0",
  digest: "ab".repeat(32),
  kind: "filter",
  description: null,
  params: [{ name: "field", type: "string", description: "JSON field", default: null }],
  sizeBytes: 8n,
  loadedAt: 1_700_000_000_000n,
  provenance: JSON.stringify({ package: "acme/hot", range: "^0.1", keyId: "3fa1".repeat(8), digest: "ab".repeat(32) }),
};

const samples = [
  sample(registerSpu, { spuId: 3, host: "10.0.0.3", port: 9093, incarnation: "2f1c9a" }, done),
  sample(spuHeartbeat, { spuId: 3 }, { errorCode: 25, errorMessage: "SPU 3 is not registered", stateEpoch: 0n }),
  sample(watchClusterState, { knownStateEpoch: -1n, maxWaitMs: 10_000 }, { errorCode: 0, errorMessage: null, stateEpoch: 9_000_000_000n, state: bigState }),
  sample(
    createTopic,
    {
      name: "orders",
      partitions: 2,
      replicationFactor: -1,
      config: '{"retention.ms":1000}',
      explicitConfig: ["retention.ms"],
      internal: false,
      assignments: [
        [1, 2],
        [2, 0],
      ],
    },
    { errorCode: 36, errorMessage: "topic 'orders' already exists", stateEpoch: 4n },
  ),
  sample(deleteTopic, { name: "orders" }, done),
  sample(createPartitions, { name: "orders", totalCount: 12 }, done),
  sample(alterIsr, { topic: "orders", partition: 2, leaderId: 1, leaderEpoch: 4, isr: [1, 3] }, { errorCode: 0, errorMessage: null, stateEpoch: 8n, leader: 1, leaderEpoch: 4, isr: [1, 3] }),
  sample(allocateProducerIds, { count: 100 }, { errorCode: 0, errorMessage: null, stateEpoch: 8n, firstProducerId: 2n ** 40n, count: 100 }),
  sample(describeCluster, {}, { errorCode: 0, errorMessage: null, spus: [{ spuId: 1, host: "h", port: 1, live: false, lastHeartbeatAgeMs: -1n }], state: "{}" }),
  sample(
    controllerLoadSmartModule,
    { name: "acme/hot", version: "0.1.0", component: new Uint8Array([0, 97, 115, 109, 13, 0, 1, 0]), provenance: '{"package":"acme/hot","range":"^0.1"}' },
    {
      errorCode: 0,
      errorMessage: null,
      ...hubEntry,
    },
  ),
  sample(controllerListSmartModules, {}, { errorCode: 0, errorMessage: null, entries: [hubEntry, { ...hubEntry, name: "json-filter", provenance: null }] }),
  sample(controllerDeleteSmartModule, { name: "json-filter", version: null }, { errorCode: 91, errorMessage: "no SmartModule json-filter is loaded" }),
  sample(fetchSmartModule, { digest: "ab".repeat(32) }, { errorCode: 0, errorMessage: null, component: new Uint8Array(70_000).fill(7) }),
  sample(controllerAuthBegin, { clientNonce: new Uint8Array(32).fill(1) }, { errorCode: 0, errorMessage: null, serverNonce: new Uint8Array(32).fill(2) }),
  sample(controllerAuthProve, { clientProof: new Uint8Array(32).fill(3) }, { errorCode: 58, errorMessage: "wrong controller secret", serverProof: new Uint8Array(0) }),
  sample(alterTopicConfig, { name: "orders", config: '{"retention.ms":60000}', explicitConfig: ["retention.ms"] }, { errorCode: 0, errorMessage: null, stateEpoch: 12n }),
  sample(
    alterClientQuotasChange,
    { changes: '[{"entity":[{"entityType":"user","entityName":null}],"set":{"producer_byte_rate":65536},"remove":[]}]' },
    { errorCode: 0, errorMessage: null, stateEpoch: 13n },
  ),
  sample(
    alterAclsChange,
    { change: '{"create":[{"resourceType":"topic","resourceName":"orders","patternType":"prefixed","principal":"User:app","host":"*","operation":"read","permission":"allow"}],"delete":[]}' },
    { errorCode: 0, errorMessage: null, stateEpoch: 14n },
  ),
];

describe("controller API", () => {
  it("uses keys 1000-1014 and 1020-1022 at version 0 (SmartModule load and list 0-1), none of them on the Kafka listener", () => {
    expect(CONTROLLER_APIS.map((api) => [api.key, api.minVersion, api.maxVersion])).toEqual(
      [...Array.from({ length: 15 }, (_, i) => 1000 + i), 1020, 1021, 1022].map((key) => [key, 0, key === 1009 || key === 1010 ? 1 : 0]),
    );
    const kafkaKeys = new Set(SUPPORTED_APIS.map((api) => api.key));
    expect(CONTROLLER_APIS.filter((api) => kafkaKeys.has(api.key))).toEqual([]);
    expect(samples.map((s) => s.api.key)).toEqual(CONTROLLER_APIS.map((api) => api.key));
  });

  it.each(samples.map((s) => [s.api.name, s] as const))("%s round-trips request and response at its highest version", (_, { api, request, response }) => {
    const version = api.maxVersion;
    const requestFrame = concat(encodeRequest(api, { apiKey: api.key, apiVersion: version, correlationId: 42, clientId: "spu-3" }, request));
    const decodedRequest = decodeRequest(api, requestFrame.subarray(4));
    expect(decodedRequest.ok && decodedRequest.value.body).toEqual(request);
    const responseFrame = concat(encodeResponse(api, version, 42, response));
    const decodedResponse = decodeResponse(api, version, responseFrame.subarray(4));
    expect(decodedResponse.ok && decodedResponse.value).toEqual({ correlationId: 42, body: response });
  });

  it("still speaks SmartModule load and list v0, without provenance", () => {
    const load = samples.find((s) => s.api === controllerLoadSmartModule)!;
    const requestFrame = concat(encodeRequest(controllerLoadSmartModule, { apiKey: 1009, apiVersion: 0, correlationId: 1, clientId: "spu-3" }, load.request as never));
    const decodedRequest = decodeRequest(controllerLoadSmartModule, requestFrame.subarray(4));
    expect(decodedRequest.ok && decodedRequest.value.body).toEqual({ ...(load.request as object), provenance: null });
    const listFrame = concat(encodeResponse(controllerListSmartModules, 0, 2, { errorCode: 0, errorMessage: null, entries: [hubEntry] }));
    expect(decodeResponse(controllerListSmartModules, 0, listFrame.subarray(4))).toEqual({
      ok: true,
      value: { correlationId: 2, body: { errorCode: 0, errorMessage: null, entries: [{ ...hubEntry, provenance: null }] } },
    });
  });

  it("lays out SpuHeartbeat v0 as a flexible request (header v2) and response (header v1)", () => {
    const request = concat(encodeRequest(spuHeartbeat, { apiKey: 1001, apiVersion: 0, correlationId: 5, clientId: "c" }, { spuId: 2 }));
    // size, key 1001, version 0, correlation 5, client id "c" (int16 length), header tags, spu_id 2, body tags
    expect(Buffer.from(request).toString("hex")).toBe("00000011" + "03e9" + "0000" + "00000005" + "000163" + "00" + "00000002" + "00");
    const response = concat(encodeResponse(spuHeartbeat, 0, 5, { errorCode: 0, errorMessage: null, stateEpoch: 3n }));
    // size, correlation 5, header tags, error 0, null compact string, state epoch 3, body tags
    expect(Buffer.from(response).toString("hex")).toBe("00000011" + "00000005" + "00" + "0000" + "00" + "0000000000000003" + "00");
  });

  it("turns every truncation of a response into a decode error, never a throw", () => {
    const { api, response } = samples[2]!;
    const frame = concat(encodeResponse(api, 0, 1, response)).subarray(4);
    for (const cut of [0, 3, 5, 9, 20, frame.byteLength - 1]) {
      expect(decodeResponse(api, 0, frame.subarray(0, cut)).ok).toBe(false);
    }
  });
});

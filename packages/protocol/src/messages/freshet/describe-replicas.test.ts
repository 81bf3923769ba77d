import { describe, expect, it } from "vitest";
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from "../../framing/codec.js";
import { SUPPORTED_APIS } from "../index.js";
import { CONTROLLER_APIS } from "./controller-api.js";
import { describeReplicas, replicaRole, type DescribeReplicasResponse } from "./describe-replicas.js";

function concat(chunks: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(chunks));
}

const response: DescribeReplicasResponse = {
  replicas: [
    { topic: "orders", partition: 0, role: "leader", leaderEpoch: 3, logStartOffset: 0n, logEndOffset: 2n ** 40n, highWatermark: 2n ** 40n - 5n, isr: [0, 2, 1], sizeBytes: 2n ** 36n },
    { topic: "orders", partition: 1, role: "follower", leaderEpoch: 1, logStartOffset: 10n, logEndOffset: 12n, highWatermark: 12n, isr: [], sizeBytes: 512n },
    { topic: "événements", partition: 7, role: "offline", leaderEpoch: 0, logStartOffset: 0n, logEndOffset: 0n, highWatermark: 0n, isr: [], sizeBytes: 0n },
  ],
};

describe("DescribeReplicas", () => {
  it("takes key 1100, apart from Kafka's and the controller's keys", () => {
    expect([describeReplicas.key, describeReplicas.minVersion, describeReplicas.maxVersion, describeReplicas.flexibleFrom]).toEqual([1100, 0, 1, 0]);
    const taken = new Set([...SUPPORTED_APIS, ...CONTROLLER_APIS].map((api) => api.key));
    expect(taken.has(describeReplicas.key)).toBe(false);
  });

  it.each([[null], [[]], [["orders", "événements"]]])("round-trips a request for topics %j", (topics) => {
    const frame = concat(encodeRequest(describeReplicas, { apiKey: 1100, apiVersion: 0, correlationId: 9, clientId: "cli" }, { topics }));
    const decoded = decodeRequest(describeReplicas, frame.subarray(4));
    expect(decoded.ok && decoded.value.body).toEqual({ topics });
  });

  it("round-trips a response with 64-bit offsets and sizes", () => {
    const frame = concat(encodeResponse(describeReplicas, 1, 9, response));
    const decoded = decodeResponse(describeReplicas, 1, frame.subarray(4));
    expect(decoded.ok && decoded.value).toEqual({ correlationId: 9, body: response });
  });

  it("leaves the size out of v0, which reads back as unknown (-1)", () => {
    const frame = concat(encodeResponse(describeReplicas, 0, 9, response));
    const decoded = decodeResponse(describeReplicas, 0, frame.subarray(4));
    expect(decoded.ok && decoded.value.body.replicas.map((r) => r.sizeBytes)).toEqual([-1n, -1n, -1n]);
  });

  it("lays out a request for every topic as a null compact array", () => {
    const frame = concat(encodeRequest(describeReplicas, { apiKey: 1100, apiVersion: 0, correlationId: 1, clientId: null }, { topics: null }));
    // size, key 1100, version 0, correlation 1, null client id, header tags, null compact array (0), body tags
    expect(Buffer.from(frame).toString("hex")).toBe("0000000d" + "044c" + "0000" + "00000001" + "ffff" + "00" + "00" + "00");
  });

  it("turns every truncation of a response into a decode error", () => {
    const frame = concat(encodeResponse(describeReplicas, 0, 1, response)).subarray(4);
    for (let cut = 0; cut < frame.byteLength; cut++) {
      expect(decodeResponse(describeReplicas, 0, frame.subarray(0, cut)).ok).toBe(false);
    }
  });

  it("maps known role names and refuses others", () => {
    expect(["leader", "follower", "offline"].map(replicaRole)).toEqual(["leader", "follower", "offline"]);
    expect(replicaRole("observer")).toBeNull();
    expect(replicaRole("Leader")).toBeNull();
  });
});

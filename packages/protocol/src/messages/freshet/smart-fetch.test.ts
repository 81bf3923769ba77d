import { describe, expect, it } from "vitest";
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from "../../framing/codec.js";
import { SUPPORTED_APIS } from "../index.js";
import { CONTROLLER_APIS } from "./controller-api.js";
import { describeReplicas } from "./describe-replicas.js";
import { smartFetch, type SmartFetchRequest, type SmartFetchResponse } from "./smart-fetch.js";

function concat(chunks: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(chunks));
}

const opening: SmartFetchRequest = {
  sessionId: 0,
  topic: "orders",
  partition: 2,
  fetchOffset: 2n ** 40n,
  maxBytes: 1 << 20,
  maxWaitMs: 500,
  chain: [
    {
      module: "json-filter@0.1.0",
      params: [
        { name: "field", value: "user.country" },
        { name: "value", value: "PT" },
      ],
    },
    { module: "running-sum", params: [] },
  ],
  accumulators: [new Uint8Array(0), new Uint8Array([0x31, 0x32])],
};

const following: SmartFetchRequest = { ...opening, sessionId: 7, chain: [], accumulators: null };

const answer: SmartFetchResponse = {
  errorCode: 0,
  errorMessage: null,
  sessionId: 7,
  highWatermark: 2n ** 40n + 10n,
  nextOffset: 2n ** 40n + 4n,
  records: new Uint8Array([0, 0, 0, 1, 9, 8, 7]),
  recordErrors: [{ offset: 2n ** 40n + 2n, module: "json-filter@0.1.0", message: "SyntaxError: not JSON — é" }],
  accumulators: [new Uint8Array(0), new Uint8Array([0x34, 0x32])],
};

const failed: SmartFetchResponse = {
  errorCode: 40,
  errorMessage: "SmartModule 'json-filter': missing parameter 'value'",
  sessionId: 0,
  highWatermark: -1n,
  nextOffset: -1n,
  records: new Uint8Array(0),
  recordErrors: [],
  accumulators: [],
};

describe("SmartFetch", () => {
  it("takes key 1104, apart from Kafka's, the controller's and the other broker extensions", () => {
    expect([smartFetch.key, smartFetch.minVersion, smartFetch.maxVersion, smartFetch.flexibleFrom]).toEqual([1104, 0, 0, 0]);
    const taken = new Set([...SUPPORTED_APIS, ...CONTROLLER_APIS, describeReplicas].map((api) => api.key));
    expect(taken.has(smartFetch.key)).toBe(false);
  });

  it.each([
    ["opening a session with a chain and accumulators", opening],
    ["naming an open session", following],
  ])("round-trips a request %s", (_, request) => {
    const frame = concat(encodeRequest(smartFetch, { apiKey: 1104, apiVersion: 0, correlationId: 5, clientId: "cli" }, request));
    const decoded = decodeRequest(smartFetch, frame.subarray(4));
    expect(decoded.ok && decoded.value.body).toEqual(request);
  });

  it.each([
    ["with output, record errors and accumulators", answer],
    ["refusing a chain", failed],
  ])("round-trips a response %s", (_, response) => {
    const frame = concat(encodeResponse(smartFetch, 0, 5, response));
    const decoded = decodeResponse(smartFetch, 0, frame.subarray(4));
    expect(decoded.ok && decoded.value).toEqual({ correlationId: 5, body: response });
  });

  it("lays out a request naming a session with compact fields and no accumulators", () => {
    const request: SmartFetchRequest = { sessionId: 7, topic: "t", partition: 1, fetchOffset: 3n, maxBytes: 16, maxWaitMs: 0, chain: [], accumulators: null };
    const frame = concat(encodeRequest(smartFetch, { apiKey: 1104, apiVersion: 0, correlationId: 1, clientId: null }, request));
    const body = "00000007" + "02" + "74" + "00000001" + "0000000000000003" + "00000010" + "00000000" + "01" + "00" + "00";
    // size, key 1104, version 0, correlation 1, null client id, header tags, then the body
    expect(Buffer.from(frame).toString("hex")).toBe("00000028" + "0450" + "0000" + "00000001" + "ffff" + "00" + body);
  });

  it("turns every truncation of a response into a decode error", () => {
    const frame = concat(encodeResponse(smartFetch, 0, 1, answer)).subarray(4);
    for (let cut = 0; cut < frame.byteLength; cut++) {
      expect(decodeResponse(smartFetch, 0, frame.subarray(0, cut)).ok).toBe(false);
    }
  });
});

import { describe, expect, it } from "vitest";
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from "../../framing/codec.js";
import type { ApiDefinition, RequestOf, ResponseOf } from "../define.js";
import { SUPPORTED_APIS } from "../index.js";
import { CONTROLLER_APIS } from "./controller-api.js";
import { deleteSmartModule, fetchSmartModule, listSmartModules, loadSmartModule } from "./smartmodules.js";

function concat(chunks: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(chunks));
}

function roundTrip<A extends ApiDefinition>(api: A, request: RequestOf<A>, response: ResponseOf<A>, version = 0): void {
  const requestFrame = concat(encodeRequest(api, { apiKey: api.key, apiVersion: version, correlationId: 9, clientId: "freshet-cli" }, request));
  const decodedRequest = decodeRequest(api, requestFrame.subarray(4));
  expect(decodedRequest.ok && decodedRequest.value.body).toEqual(request);
  const responseFrame = concat(encodeResponse(api, version, 9, response));
  expect(decodeResponse(api, version, responseFrame.subarray(4))).toEqual({ ok: true, value: { correlationId: 9, body: response } });
}

const entry = {
  name: "json-filter",
  version: "1.2.3-rc.1",
  digest: "0f".repeat(32),
  kind: "filter",
  description: "keep JSON records whose field equals a value",
  params: [
    { name: "field", type: "string", description: "the field", default: null },
    { name: "value", type: "string", description: null, default: "x" },
  ],
  sizeBytes: 12_041_434n,
  loadedAt: 1_763_855_000_123n,
  provenance: null,
};

const provenance = JSON.stringify({ package: "acme/hot", range: "^1.0.0", keyId: "3fa1".repeat(8), digest: "0f".repeat(32) });

describe("SmartModule broker APIs", () => {
  it("use keys 1101-1103 and 1105, apart from the Kafka and controller keys; load, list and fetch have a version 1 with provenance", () => {
    const apis = [loadSmartModule, listSmartModules, deleteSmartModule, fetchSmartModule];
    expect(apis.map((api) => [api.key, api.name, api.minVersion, api.maxVersion, api.flexibleFrom])).toEqual([
      [1101, "LoadSmartModule", 0, 1, 0],
      [1102, "ListSmartModules", 0, 1, 0],
      [1103, "DeleteSmartModule", 0, 0, 0],
      [1105, "FetchSmartModule", 0, 1, 0],
    ]);
    const taken = new Set([...SUPPORTED_APIS, ...CONTROLLER_APIS].map((api) => api.key));
    expect(apis.filter((api) => taken.has(api.key))).toEqual([]);
  });

  it("round-trip LoadSmartModule with a component larger than a classic string, and its refusal", () => {
    const component = new Uint8Array(100_000).map((_, i) => i % 251);
    roundTrip(loadSmartModule, { name: "json-filter", version: "1.2.3-rc.1", component, provenance: null }, { errorCode: 0, errorMessage: null, ...entry });
    roundTrip(
      loadSmartModule,
      { name: "x", version: "1.0.0", component: new Uint8Array(0), provenance: null },
      { errorCode: 42, errorMessage: "not a WebAssembly component", name: "", version: "", digest: "", kind: "", description: null, params: [], sizeBytes: 0n, loadedAt: 0n, provenance: null },
    );
  });

  it("carry provenance in LoadSmartModule v1 both ways, and leave it out of v0", () => {
    const claim = JSON.stringify({ package: "acme/hot", range: "^1.0.0", bundle: { mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json" }, publicKeyPem: "pem", manifest: {} });
    const component = new Uint8Array(5_000).map((_, i) => i % 249);
    roundTrip(loadSmartModule, { name: "acme/hot", version: "1.0.0", component, provenance: claim }, { errorCode: 0, errorMessage: null, ...entry, name: "acme/hot", provenance }, 1);
    // Version 0 has no provenance field: what is given is not written, and the reader sees null.
    const v0 = concat(encodeRequest(loadSmartModule, { apiKey: 1101, apiVersion: 0, correlationId: 1, clientId: "c" }, { name: "acme/hot", version: "1.0.0", component, provenance: claim }));
    const decoded = decodeRequest(loadSmartModule, v0.subarray(4));
    expect(decoded.ok && decoded.value.body.provenance).toBeNull();
    const v1 = concat(encodeRequest(loadSmartModule, { apiKey: 1101, apiVersion: 1, correlationId: 1, clientId: "c" }, { name: "acme/hot", version: "1.0.0", component, provenance: null }));
    // The same request at v1 is one byte longer: the null compact string.
    expect(
      v1.byteLength -
        concat(encodeRequest(loadSmartModule, { apiKey: 1101, apiVersion: 0, correlationId: 1, clientId: "c" }, { name: "acme/hot", version: "1.0.0", component, provenance: null })).byteLength,
    ).toBe(1);
  });

  it("fetch an entry with its provenance at v1", () => {
    const component = new Uint8Array(1_000).map((_, i) => i % 241);
    roundTrip(fetchSmartModule, { name: "acme/hot", version: null }, { errorCode: 0, errorMessage: null, ...entry, name: "acme/hot", provenance, component }, 1);
  });

  it("list entries with provenance at v1 and without it at v0", () => {
    const entries = [entry, { ...entry, name: "acme/hot", version: "1.0.0", provenance }];
    roundTrip(listSmartModules, {}, { errorCode: 0, errorMessage: null, entries }, 1);
    const frame = concat(encodeResponse(listSmartModules, 0, 9, { errorCode: 0, errorMessage: null, entries }));
    expect(decodeResponse(listSmartModules, 0, frame.subarray(4))).toEqual({
      ok: true,
      value: { correlationId: 9, body: { errorCode: 0, errorMessage: null, entries: entries.map((e) => ({ ...e, provenance: null })) } },
    });
  });

  it("round-trip ListSmartModules and DeleteSmartModule (one version or all)", () => {
    roundTrip(listSmartModules, {}, { errorCode: 0, errorMessage: null, entries: [entry, { ...entry, version: "2.0.0", description: null, params: [] }] });
    roundTrip(deleteSmartModule, { name: "json-filter", version: "1.2.3-rc.1" }, { errorCode: 0, errorMessage: null });
    roundTrip(deleteSmartModule, { name: "json-filter", version: null }, { errorCode: 91, errorMessage: "no SmartModule json-filter is loaded" });
  });

  it("round-trip FetchSmartModule by name (highest version) or name@version, and its refusal", () => {
    const component = new Uint8Array(70_000).map((_, i) => i % 253);
    roundTrip(fetchSmartModule, { name: "json-filter", version: null }, { errorCode: 0, errorMessage: null, ...entry, component });
    roundTrip(fetchSmartModule, { name: "json-filter", version: "1.2.3-rc.1" }, { errorCode: 0, errorMessage: null, ...entry, component });
    roundTrip(
      fetchSmartModule,
      { name: "nope", version: null },
      {
        errorCode: 91,
        errorMessage: "no SmartModule nope is loaded",
        name: "",
        version: "",
        digest: "",
        kind: "",
        description: null,
        params: [],
        sizeBytes: 0n,
        loadedAt: 0n,
        provenance: null,
        component: new Uint8Array(0),
      },
    );
  });

  it("turns every truncation of a FetchSmartModule response into a decode error, never a throw", () => {
    const frame = concat(encodeResponse(fetchSmartModule, 0, 3, { errorCode: 0, errorMessage: null, ...entry, component: new Uint8Array(500) })).subarray(4);
    for (let cut = 0; cut < frame.byteLength; cut++) {
      expect(decodeResponse(fetchSmartModule, 0, frame.subarray(0, cut)).ok).toBe(false);
    }
  });

  it("lays out DeleteSmartModule v0 as a flexible request with a null compact string", () => {
    const frame = concat(encodeRequest(deleteSmartModule, { apiKey: 1103, apiVersion: 0, correlationId: 1, clientId: "c" }, { name: "ab", version: null }));
    // size, key 1103, version 0, correlation 1, client id "c", header tags, name (uvarint 3 = length 2 + 1) "ab", null version (0), body tags
    expect(Buffer.from(frame).toString("hex")).toBe("00000011" + "044f" + "0000" + "00000001" + "000163" + "00" + "036162" + "00" + "00");
  });

  it("turns every truncation of a LoadSmartModule request into a decode error, never a throw", () => {
    const frame = concat(
      encodeRequest(loadSmartModule, { apiKey: 1101, apiVersion: 0, correlationId: 1, clientId: "c" }, { name: "m", version: "1.0.0", component: new Uint8Array(300), provenance: null }),
    ).subarray(4);
    for (let cut = 0; cut < frame.byteLength; cut++) {
      expect(decodeRequest(loadSmartModule, frame.subarray(0, cut)).ok).toBe(false);
    }
  });
});

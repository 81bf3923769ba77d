import { describe, expect, it } from "vitest";
import { apiVersions, heartbeat, listGroups, metadata } from "../messages/index.js";
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, peekRequestPreamble } from "./codec.js";

function hex(chunks: Uint8Array[]): string {
  return Buffer.concat(chunks).toString("hex");
}

function frame(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replaceAll(" ", ""), "hex"));
}

describe("request framing", () => {
  it("writes request header v1 for classic versions", () => {
    const chunks = encodeRequest(listGroups, { apiKey: 16, apiVersion: 2, correlationId: 5, clientId: "ab" }, { statesFilter: [], typesFilter: [] });
    expect(hex(chunks)).toBe("0000000c" + "0010" + "0002" + "00000005" + "0002" + "6162");
  });

  it("writes request header v2 (classic client id + tag buffer) for flexible versions", () => {
    const chunks = encodeRequest(apiVersions, { apiKey: 18, apiVersion: 3, correlationId: 1, clientId: null }, { clientSoftwareName: "a", clientSoftwareVersion: "1" });
    expect(hex(chunks)).toBe("00000010" + "0012" + "0003" + "00000001" + "ffff" + "00" + "0261" + "0231" + "00");
  });

  it("peeks the fixed preamble of any request, and refuses frames shorter than it", () => {
    expect(peekRequestPreamble(frame("0003 0004 0000002a ffff"))).toEqual({
      ok: true,
      value: { apiKey: 3, apiVersion: 4, correlationId: 42 },
    });
    expect(peekRequestPreamble(frame("0003 0004 0000")).ok).toBe(false);
  });

  it("returns an error, never throws, for frames too short for a version or of another api", () => {
    for (const bytes of [frame(""), frame("00"), frame("000c 00")]) expect(decodeRequest(heartbeat, bytes).ok).toBe(false);
    const metadataFrame = frame("0003 0004 00000001 ffff ffffffff 01");
    expect(decodeRequest(metadata, metadataFrame).ok).toBe(true);
    const wrongApi = decodeRequest(heartbeat, metadataFrame);
    expect(!wrongApi.ok && wrongApi.error.message).toMatch(/api key 3 is not Heartbeat/);
  });
});

describe("response framing", () => {
  it("keeps response header v0 for ApiVersions even in flexible v3", () => {
    const body = { errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 0 };
    const chunks = encodeResponse(apiVersions, 3, 7, body);
    // correlation id, error code, compact array of 1 (02) with a tag buffer per entry, throttle, tag buffer.
    expect(hex(chunks)).toBe("00000013" + "00000007" + "0000" + "02" + "0012" + "0000" + "0003" + "00" + "00000000" + "00");
    const decoded = decodeResponse(apiVersions, 3, Buffer.concat(chunks).subarray(4));
    expect(decoded).toEqual({ ok: true, value: { correlationId: 7, body } });
  });

  it("writes the exact bytes librdkafka expects for an ApiVersions v0 error answer", () => {
    // Kafka answers an ApiVersions version it does not know with error 35 in the v0 layout; librdkafka,
    // which asks v3 first, reads the error and retries with v0. Error 35, ApiVersions 0-2, correlation id 1.
    const chunks = encodeResponse(apiVersions, 0, 1, {
      errorCode: 35,
      apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 2 }],
      throttleTimeMs: 0,
    });
    expect(hex(chunks)).toBe("00000010" + "00000001" + "0023" + "00000001" + "0012" + "0000" + "0002");
  });
});

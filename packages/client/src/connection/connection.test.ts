import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { apiVersions } from "@freshet/protocol/messages/api-versions";
import { encodeResponse } from "@freshet/protocol/framing/codec";
import { Writer } from "@freshet/protocol/io/writer";
import { FakeBroker, waitFor, writeChunks, type ReceivedRequest } from "../test-support/fake-broker.js";
import { ManualClock } from "../test-support/manual-clock.js";
import { nodeTcpConnector } from "../transport/node-tcp.js";
import { BrokerConnection } from "./connection.js";
import { ConnectionError } from "./connection-error.js";

const TABLE = [
  { apiKey: 18, minVersion: 0, maxVersion: 3 },
  { apiKey: 3, minVersion: 0, maxVersion: 4 },
];

function answerApiVersions(request: ReceivedRequest, socket: Socket, throttleTimeMs = 0): void {
  writeChunks(socket, encodeResponse(apiVersions, request.apiVersion, request.correlationId, { errorCode: 0, apiKeys: TABLE, throttleTimeMs }));
}

let broker: FakeBroker | null = null;
let connection: BrokerConnection | null = null;

afterEach(async () => {
  connection?.close();
  connection = null;
  await broker?.stop();
  broker = null;
});

async function open(handler: (request: ReceivedRequest, socket: Socket) => void, clock?: ManualClock): Promise<BrokerConnection> {
  let negotiated = false;
  broker = await FakeBroker.start((request, socket) => {
    if (!negotiated) {
      negotiated = true;
      answerApiVersions(request, socket);
      return;
    }
    handler(request, socket);
  });
  connection = await BrokerConnection.open({ address: { host: "127.0.0.1", port: broker.port }, connector: nodeTcpConnector, clock, requestTimeoutMs: 1_000 });
  return connection;
}

describe("BrokerConnection", () => {
  it("negotiates min(our max, broker max) per API", async () => {
    const conn = await open(() => {});
    expect(conn.versionOf(apiVersions)).toBe(3);
    expect(conn.brokerVersions.get(3)).toEqual({ min: 0, max: 4 });
  });

  it("falls back when the broker answers UNSUPPORTED_VERSION in a v0 body", async () => {
    broker = await FakeBroker.start((request, socket) => {
      if (request.apiVersion > 2) {
        // Exactly what Kafka sends: error 35, v0 layout, listing its ApiVersions range.
        const body = new Writer().int16(35).int32(1).int16(18).int16(0).int16(2).toBytes();
        const frame = new Writer()
          .int32(4 + body.byteLength)
          .int32(request.correlationId)
          .bytes(body)
          .toBytes();
        socket.write(frame);
        return;
      }
      writeChunks(
        socket,
        encodeResponse(apiVersions, request.apiVersion, request.correlationId, {
          errorCode: 0,
          apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 2 }],
          throttleTimeMs: 0,
        }),
      );
    });
    connection = await BrokerConnection.open({ address: { host: "127.0.0.1", port: broker.port }, connector: nodeTcpConnector });
    expect(broker.received.map((r) => r.apiVersion)).toEqual([3, 2]);
    expect(connection.versionOf(apiVersions)).toBe(2);
  });

  it("pipelines many requests and matches responses in order", async () => {
    const held: ReceivedRequest[] = [];
    let socketRef: Socket | null = null;
    const conn = await open((request, socket) => {
      held.push(request);
      socketRef = socket;
    });
    const count = 50;
    const replies = Array.from({ length: count }, () => conn.request(apiVersions, { clientSoftwareName: "t", clientSoftwareVersion: "1" }));
    // Every request reaches the broker before any response exists: they are in flight together.
    await waitFor(() => held.length === count, "all requests to arrive");
    expect(conn.inFlight).toBe(count);
    const ids = held.map((r) => r.correlationId);
    expect(new Set(ids).size).toBe(count);
    // Answer all of them in one write, split at an odd boundary to exercise reassembly.
    const all = new Writer();
    held.forEach((request, i) => {
      for (const chunk of encodeResponse(apiVersions, request.apiVersion, request.correlationId, { errorCode: 0, apiKeys: TABLE, throttleTimeMs: i })) all.bytes(chunk);
    });
    const bytes = all.toBytes();
    socketRef!.write(bytes.subarray(0, 7));
    socketRef!.write(bytes.subarray(7));
    const bodies = await Promise.all(replies);
    expect(bodies.map((b) => b.throttleTimeMs)).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(conn.inFlight).toBe(0);
  });

  it("fails every in-flight request when a response arrives out of order", async () => {
    const held: ReceivedRequest[] = [];
    const conn = await open((request, socket) => {
      held.push(request);
      if (held.length === 2) answerApiVersions(held[1]!, socket);
    });
    const first = conn.request(apiVersions, { clientSoftwareName: "t", clientSoftwareVersion: "1" });
    const second = conn.request(apiVersions, { clientSoftwareName: "t", clientSoftwareVersion: "1" });
    await expect(first).rejects.toMatchObject({ kind: "protocol", retriable: false });
    await expect(second).rejects.toBeInstanceOf(ConnectionError);
    expect(conn.closed).toBe(true);
  });

  it("times out one request and drops its late response without disturbing the next", async () => {
    const clock = new ManualClock();
    const held: Array<{ request: ReceivedRequest; socket: Socket }> = [];
    const conn = await open((request, socket) => held.push({ request, socket }), clock);
    const slow = conn.request(apiVersions, { clientSoftwareName: "t", clientSoftwareVersion: "1" }, { timeoutMs: 100 });
    const next = conn.request(apiVersions, { clientSoftwareName: "t", clientSoftwareVersion: "1" }, { timeoutMs: 10_000 });
    await waitFor(() => held.length === 2, "both requests");
    clock.advance(100);
    await expect(slow).rejects.toMatchObject({ kind: "request-timeout", retriable: true });
    answerApiVersions(held[0]!.request, held[0]!.socket, 111);
    answerApiVersions(held[1]!.request, held[1]!.socket, 222);
    await expect(next).resolves.toMatchObject({ throttleTimeMs: 222 });
    expect(conn.closed).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it("keeps no slot for a request that gets no response (acks=0)", async () => {
    const held: Array<{ request: ReceivedRequest; socket: Socket }> = [];
    const conn = await open((request, socket) => held.push({ request, socket }));
    await conn.sendWithoutResponse(apiVersions, { clientSoftwareName: "t", clientSoftwareVersion: "1" });
    expect(conn.inFlight).toBe(0);
    const answered = conn.request(apiVersions, { clientSoftwareName: "t", clientSoftwareVersion: "1" });
    await waitFor(() => held.length === 2, "both requests");
    answerApiVersions(held[1]!.request, held[1]!.socket, 7);
    await expect(answered).resolves.toMatchObject({ throttleTimeMs: 7 });
    expect(held[1]!.request.correlationId).toBe(held[0]!.request.correlationId + 1);
  });

  it("fails in-flight requests with a retriable error when the broker hangs up", async () => {
    const conn = await open((_request, socket) => socket.destroy());
    await expect(conn.request(apiVersions, { clientSoftwareName: "t", clientSoftwareVersion: "1" })).rejects.toMatchObject({
      kind: "closed",
      retriable: true,
    });
    expect(conn.closed).toBe(true);
    await expect(conn.request(apiVersions, { clientSoftwareName: "t", clientSoftwareVersion: "1" })).rejects.toBeInstanceOf(ConnectionError);
  });

  it("reports a refused connection clearly", async () => {
    broker = await FakeBroker.start(() => {});
    const port = broker.port;
    await broker.stop();
    broker = null;
    const attempt = BrokerConnection.open({ address: { host: "127.0.0.1", port }, connector: nodeTcpConnector });
    await expect(attempt).rejects.toMatchObject({ kind: "connect", retriable: true });
    await expect(attempt).rejects.toThrow(`cannot reach broker at 127.0.0.1:${port}: connection refused`);
  });

  it("rejects APIs the broker does not offer", async () => {
    const conn = await open(() => {});
    const unknownApi = { ...apiVersions, key: 99, name: "Imaginary" };
    await expect(conn.request(unknownApi, { clientSoftwareName: "t", clientSoftwareVersion: "1" })).rejects.toMatchObject({ kind: "unsupported" });
  });
});

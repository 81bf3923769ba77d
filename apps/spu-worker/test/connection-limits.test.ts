/*
 * What a stranger can make a broker hold: before SASL authentication only small
 * frames are read, idle and half-sent connections are closed, and one address
 * (or everyone together) holds a bounded number of connections.
 */
import { connect } from "node:net";
import { decodeResponse, encodeRequest } from "@freshet/protocol/framing/codec";
import { apiVersions } from "@freshet/protocol/messages/api-versions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rssBytes } from "./support/process-memory.js";
import { openRaw, type RawConnection } from "./support/raw-socket.js";
import { writeCredentials } from "./support/sasl-credentials.js";
import { writeTlsFiles } from "./support/tls-files.js";
import { eventually, makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

const IDLE_MS = 600;
let spu: SpuProcess;
let credentialsDir: string;
let credentialsFile: string;

function limitedBroker(): Promise<SpuProcess> {
  return startSpu({
    args: ["--sasl-credentials", credentialsFile, "--connections-max-idle-ms", String(IDLE_MS), "--max-connections-per-address", "4", "--max-connections", "6"],
  });
}

beforeAll(async () => {
  credentialsDir = await makeDataDir();
  credentialsFile = await writeCredentials(credentialsDir, { alice: "alice-secret" });
  spu = await limitedBroker();
});

afterAll(async () => {
  expect(await spu.stop()).toBe(0);
  await removeDataDir(spu.dataDir);
  await removeDataDir(credentialsDir);
});

function apiVersionsRequest(correlationId: number): Uint8Array[] {
  return encodeRequest(apiVersions, { apiKey: 18, apiVersion: 2, correlationId, clientId: "limits" }, { clientSoftwareName: "", clientSoftwareVersion: "" });
}

async function answersApiVersions(conn: RawConnection, correlationId = 1): Promise<boolean> {
  conn.send(apiVersionsRequest(correlationId));
  const reply = decodeResponse(apiVersions, 2, await conn.nextFrame());
  return reply.ok && reply.value.body.errorCode === 0;
}

/** Streams a frame announcing `size` bytes and its body, until the broker closes the socket; returns the bytes it took. */
function sendHugeFrame(port: number, size: number): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    let sent = 0;
    socket.on("error", () => undefined);
    socket.once("close", () => resolve(sent));
    socket.once("connect", () => {
      const header = Buffer.alloc(4);
      header.writeInt32BE(size);
      socket.write(header);
      const pump = () => {
        while (sent < size && !socket.destroyed) {
          sent += chunk.length;
          if (!socket.write(chunk)) return void socket.once("drain", pump);
        }
        socket.end();
      };
      pump();
    });
  });
}

describe("before SASL authentication", () => {
  it("refuses a 50 MiB frame at its size prefix, so eight of them leave the broker's memory where it was", async () => {
    const before = await rssBytes(spu.child.pid!);
    const taken = await Promise.all(Array.from({ length: 8 }, () => sendHugeFrame(spu.port, 50 * 1024 * 1024)));
    const grown = (await rssBytes(spu.child.pid!)) - before;
    expect(grown).toBeLessThan(40 * 1024 * 1024);
    // The socket closes long before the client could push its 50 MiB.
    for (const sent of taken) expect(sent).toBeLessThan(50 * 1024 * 1024);
    await eventually("the refusal in the log", () => (/frame of 52428800 bytes exceeds the 65536-byte limit/.test(spu.output()) ? true : undefined));
  });
});

describe("idle connections", () => {
  it("closes a silent connection and a half-sent frame after the idle time, but not one that keeps asking", async () => {
    const silent = await openRaw(spu.port);
    const halfSent = await openRaw(spu.port);
    const frame = Buffer.concat(apiVersionsRequest(7));
    halfSent.send(frame.subarray(0, frame.length - 3));
    const busy = await openRaw(spu.port);
    const started = Date.now();
    let answered = 0;
    // The busy client asks more often than the idle time, for three idle times.
    while (Date.now() - started < 3 * IDLE_MS) {
      expect(await answersApiVersions(busy, ++answered)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS / 4));
    }
    await Promise.all([silent.closed, halfSent.closed]);
    expect(await answersApiVersions(busy, answered + 1)).toBe(true);
    busy.end();
    await eventually("the idle close in the log", () => (spu.output().includes(`"reason":"idle for ${IDLE_MS} ms"`) ? true : undefined));
  });
});

describe("connection caps", () => {
  // A broker of its own: connections other tests closed may not be counted out yet on the shared one.
  let capped: SpuProcess;
  beforeAll(async () => {
    capped = await limitedBroker();
  });
  afterAll(async () => {
    expect(await capped.stop()).toBe(0);
    await removeDataDir(capped.dataDir);
  });

  it("refuses the connection beyond an address's cap and beyond the listener's, and serves the others", async () => {
    const first = await Promise.all(Array.from({ length: 4 }, () => openRaw(capped.port)));
    for (const conn of first) expect(await answersApiVersions(conn)).toBe(true);
    const overAddress = await openRaw(capped.port);
    await overAddress.closed;
    // Another loopback address has its own allowance, up to the listener's total of 6.
    const other = await Promise.all([openRaw(capped.port, { localAddress: "127.0.0.2" }), openRaw(capped.port, { localAddress: "127.0.0.2" })]);
    for (const conn of other) expect(await answersApiVersions(conn)).toBe(true);
    const overTotal = await openRaw(capped.port, { localAddress: "127.0.0.3" });
    await overTotal.closed;
    for (const conn of [...first, ...other]) expect(await answersApiVersions(conn, 2)).toBe(true);
    // A slot freed is a slot given again.
    first[0]!.end();
    await first[0]!.closed;
    const again = await eventually("a connection admitted after one left", async () => {
      const conn = await openRaw(capped.port);
      try {
        return (await answersApiVersions(conn)) ? conn : undefined;
      } catch {
        return undefined;
      }
    });
    for (const conn of [again, ...first.slice(1), ...other]) conn.end();
    expect(capped.output()).toContain("127.0.0.1 already holds its limit of 4 connections");
    expect(capped.output()).toContain("the listener already holds its limit of 6 connections");
  });
});

describe("shutdown with TLS on the port", () => {
  it("does not wait for a client that connected and never sent its first byte", async () => {
    const tls = await writeTlsFiles(credentialsDir);
    const broker = await startSpu({ args: [...tls.brokerArgs, "--shutdown-timeout-ms", "5000"] });
    const silent = await openRaw(broker.port);
    expect(await broker.stop()).toBe(0);
    await silent.closed;
    await removeDataDir(broker.dataDir);
  });
});

import { decodeResponse, encodeRequest } from "@freshet/protocol/framing/codec";
import { apiVersions } from "@freshet/protocol/messages/api-versions";
import { metadata } from "@freshet/protocol/messages/metadata";
import { produce } from "@freshet/protocol/messages/produce";
import { buildRecordBatch } from "@freshet/protocol/records/build-batch";
import { ZERO_UUID } from "@freshet/protocol/schema/types";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRaw } from "./support/raw-socket.js";
import { eventually, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

let spu: SpuProcess;

beforeAll(async () => {
  spu = await startSpu();
});

afterAll(async () => {
  expect(await spu.stop()).toBe(0);
  await removeDataDir(spu.dataDir);
});

const concat = (chunks: Uint8Array[]) => Buffer.concat(chunks);

async function brokerStillServes(): Promise<void> {
  const conn = await openRaw(spu.port);
  conn.send(encodeRequest(apiVersions, { apiKey: 18, apiVersion: 2, correlationId: 1, clientId: "probe" }, { clientSoftwareName: "", clientSoftwareVersion: "" }));
  const reply = decodeResponse(apiVersions, 2, await conn.nextFrame());
  expect(reply.ok && reply.value.body.errorCode).toBe(0);
  conn.end();
}

function sizePrefixed(body: Uint8Array): Uint8Array {
  const out = Buffer.alloc(4 + body.byteLength);
  out.writeInt32BE(body.byteLength, 0);
  out.set(body, 4);
  return out;
}

describe("pipelining", () => {
  it("answers many requests in flight on one connection in request order", async () => {
    const conn = await openRaw(spu.port);
    const batch = await buildRecordBatch({ records: [{ value: Buffer.from("p") }] });
    const frames: Uint8Array[] = [];
    for (let i = 0; i < 60; i++) {
      const header = { apiKey: i % 3 === 0 ? 3 : 0, apiVersion: i % 3 === 0 ? 4 : 7, correlationId: 1000 + i, clientId: "pipe" };
      const chunks =
        header.apiKey === 3
          ? encodeRequest(metadata, header, {
              topics: [{ topicId: ZERO_UUID, name: "pipelined" }],
              allowAutoTopicCreation: true,
              includeClusterAuthorizedOperations: false,
              includeTopicAuthorizedOperations: false,
            })
          : encodeRequest(produce, header, {
              transactionalId: null,
              acks: 1,
              timeoutMs: 1000,
              topicData: [{ name: "pipelined", partitionData: [{ index: 0, records: Buffer.from(batch) }] }],
            });
      frames.push(concat(chunks));
    }
    conn.send(concat(frames));
    const correlations: number[] = [];
    for (let i = 0; i < 60; i++) correlations.push(Buffer.from(await conn.nextFrame()).readInt32BE(0));
    expect(correlations).toEqual(Array.from({ length: 60 }, (_, i) => 1000 + i));
    conn.end();
  });
});

describe("bad input never takes the broker down", () => {
  it("closes a connection announcing a 2 GB frame", async () => {
    const conn = await openRaw(spu.port);
    conn.send(Buffer.from([0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0]));
    await conn.closed;
    await brokerStillServes();
    await eventually("the oversize-frame log line", () => (/exceeds the .*-byte limit/.test(spu.output()) ? true : undefined));
  });

  it("closes a connection sending an unknown api key or a truncated body", async () => {
    const unknown = await openRaw(spu.port);
    unknown.send(sizePrefixed(Buffer.from([0x03, 0xe7, 0, 0, 0, 0, 0, 1, 0, 0])));
    await unknown.closed;
    // The log line and the close travel on different pipes; wait for the line.
    await eventually("the unknown-key log line", () => (/unsupported api key 999/.test(spu.output()) ? true : undefined));

    const truncated = await openRaw(spu.port);
    const whole = concat(
      encodeRequest(
        metadata,
        { apiKey: 3, apiVersion: 4, correlationId: 2, clientId: "x" },
        { topics: [{ topicId: ZERO_UUID, name: "abc" }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false },
      ),
    );
    // Keep the header, cut the body in the middle of the topic name, and fix the size prefix to match.
    truncated.send(sizePrefixed(whole.subarray(4, whole.byteLength - 3)));
    await truncated.closed;
    await eventually("the malformed-request log line", () => (/malformed Metadata v4/.test(spu.output()) ? true : undefined));

    const garbage = await openRaw(spu.port);
    garbage.send(Buffer.from([0, 0, 0, 3, 1, 2, 3]));
    await garbage.closed;
    await brokerStillServes();
  });

  it("answers an ApiVersions version it does not know with error 35 in a v0 body", async () => {
    const conn = await openRaw(spu.port);
    conn.send(sizePrefixed(Buffer.from([0, 18, 0, 99, 0, 0, 0, 7, 0xff, 0xff])));
    const frame = await conn.nextFrame();
    const reply = decodeResponse(apiVersions, 0, frame);
    expect(reply.ok && reply.value).toMatchObject({ correlationId: 7, body: { errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: apiVersions.maxVersion }] } });
    conn.end();
  });

  it("writes nothing for a produce request cut off by a disconnect", async () => {
    const kafka = new Kafka({ brokers: [spu.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "half", numPartitions: 1 }] });
    const batch = await buildRecordBatch({ records: [{ value: Buffer.from("never") }] });
    const frame = concat(
      encodeRequest(
        produce,
        { apiKey: 0, apiVersion: 7, correlationId: 3, clientId: "x" },
        {
          transactionalId: null,
          acks: -1,
          timeoutMs: 1000,
          topicData: [{ name: "half", partitionData: [{ index: 0, records: batch }] }],
        },
      ),
    );
    const conn = await openRaw(spu.port);
    conn.send(frame.subarray(0, frame.byteLength - 10));
    conn.end();
    await conn.closed;
    await brokerStillServes();
    const [offsets] = await admin.fetchTopicOffsets("half");
    expect(offsets!.high).toBe("0");
    await admin.disconnect();
  });
});

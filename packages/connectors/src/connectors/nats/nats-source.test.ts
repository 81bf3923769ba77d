import { randomBytes } from "node:crypto";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { connect, headers, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceBatch, SourceTask } from "../../kit/connector.js";
import { PermanentError } from "../../kit/errors.js";
import type { SourceRecord } from "../../kit/record.js";
import { testSourceContext } from "../../test-support/context.js";
import { eventually } from "../../test-support/eventually.js";
import { NatsAuthServer } from "../../test-support/nats-auth-server.js";
import { TcpFaultProxy } from "../../test-support/tcp-fault-proxy.js";
import natsSource from "./nats-source.js";
import type { NatsSourceConfig } from "./nats-source-config.js";

const servers = ["nats://127.0.0.1:4222"];
const streams: string[] = [];
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
const never = new AbortController().signal;

/** A fresh stream taking `<prefix>.>`. */
async function createStream(): Promise<{ stream: string; prefix: string }> {
  const id = randomBytes(4).toString("hex");
  const stream = `FRESHET_SRC_${id}`;
  const prefix = `freshet-src-${id}`;
  await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`] });
  streams.push(stream);
  return { stream, prefix };
}

function config(stream: string, overrides: Partial<NatsSourceConfig> = {}): NatsSourceConfig {
  return natsSource.config.parse({ servers, stream, ...overrides });
}

async function open(settings: NatsSourceConfig, maxBatch = 500): Promise<SourceTask> {
  return natsSource.open({ ...testSourceContext(settings), maxBatch });
}

/** Polls until `count` records came (in one or more batches), then one more poll must add none. */
async function pollExactly(task: SourceTask, count: number): Promise<{ records: SourceRecord[]; batches: SourceBatch[] }> {
  const batches: SourceBatch[] = [];
  const records: SourceRecord[] = [];
  await eventually(async () => {
    const batch = await task.poll(never);
    batches.push(batch);
    records.push(...batch.records);
    return records.length >= count ? true : undefined;
  }, `${count.toString()} records`);
  const extra = await task.poll(never);
  batches.push(extra);
  records.push(...extra.records);
  return { records, batches };
}

const text = (value: SourceRecord["value"]): string => (typeof value === "string" || value === null ? String(value) : Buffer.from(value).toString("utf8"));

beforeAll(async () => {
  nc = await connect({ servers });
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  for (const stream of streams) await jsm.streams.delete(stream);
  await nc.close();
});

describe("nats-source", () => {
  it("reads each message as one record: subject as key, payload as value, headers as headers", async () => {
    const { stream, prefix } = await createStream();
    const h = headers();
    h.set("trace", "t-1");
    h.append("tag", "a");
    h.append("tag", "b");
    await js.publish(`${prefix}.orders.1`, "one", { headers: h });
    await js.publish(`${prefix}.orders.2`, "two");
    await js.publish(`${prefix}.other.3`, "three");
    const task = await open(config(stream, { subject: `${prefix}.orders.*` }));
    const { records, batches } = await pollExactly(task, 2);
    for (const batch of batches) await batch.commit?.();
    await task.close();
    expect(records.map((r) => ({ key: r.key, value: text(r.value), headers: r.headers }))).toEqual([
      { key: `${prefix}.orders.1`, value: "one", headers: { trace: "t-1", tag: "a,b" } },
      { key: `${prefix}.orders.2`, value: "two", headers: {} },
    ]);
    expect(records.every((r) => typeof r.timestamp === "number" && r.timestamp > 0)).toBe(true);
  });

  it("gives an uncommitted batch again after reopening, and a committed one never", async () => {
    const { stream, prefix } = await createStream();
    for (const n of [1, 2, 3]) await js.publish(`${prefix}.n`, `m${n.toString()}`);
    const first = await open(config(stream));
    const uncommitted = await pollExactly(first, 3);
    await first.close();

    const second = await open(config(stream));
    const again = await pollExactly(second, 3);
    expect(again.records.map((r) => text(r.value))).toEqual(uncommitted.records.map((r) => text(r.value)));
    for (const batch of again.batches) await batch.commit?.();
    await second.close();

    await js.publish(`${prefix}.n`, "m4");
    const third = await open(config(stream));
    const after = await pollExactly(third, 1);
    await third.close();
    expect(after.records.map((r) => text(r.value))).toEqual(["m4"]);
  });

  it("fetches at most maxBatch records per poll", async () => {
    const { stream, prefix } = await createStream();
    for (const n of [1, 2, 3, 4, 5]) await js.publish(`${prefix}.n`, `m${n.toString()}`);
    const task = await open(config(stream), 2);
    const sizes: number[] = [];
    const { records } = await pollExactly(
      {
        poll: async (signal) => {
          const batch = await task.poll(signal);
          sizes.push(batch.records.length);
          return batch;
        },
        close: () => task.close(),
      },
      5,
    );
    await task.close();
    expect(records.map((r) => text(r.value))).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    expect(Math.max(...sizes)).toBe(2);
  });

  it("starts a new durable at new messages with deliverPolicy new", async () => {
    const { stream, prefix } = await createStream();
    await js.publish(`${prefix}.n`, "old");
    const task = await open(config(stream, { deliverPolicy: "new" }));
    await js.publish(`${prefix}.n`, "new");
    const { records } = await pollExactly(task, 1);
    await task.close();
    expect(records.map((r) => text(r.value))).toEqual(["new"]);
  });

  it("returns an empty batch when idle and rejects once the signal aborts", async () => {
    const { stream } = await createStream();
    const task = await open(config(stream));
    expect((await task.poll(never)).records).toEqual([]);
    const controller = new AbortController();
    const polling = task.poll(controller.signal);
    controller.abort(new Error("stopping"));
    await expect(polling).rejects.toThrow("stopping");
    await task.close();
    await task.close();
  });

  it("fails retriably while NATS is unreachable and reads on once it is back", async () => {
    const { stream, prefix } = await createStream();
    const proxy = await TcpFaultProxy.start({ host: "127.0.0.1", port: 4222 });
    const task = await open(config(stream, { servers: [`nats://${proxy.address}`] }));
    try {
      await js.publish(`${prefix}.n`, "before");
      const before = await pollExactly(task, 1);
      for (const batch of before.batches) await batch.commit?.();
      await proxy.down();
      const error = await eventually(
        () =>
          task.poll(never).then(
            () => undefined,
            (e: unknown) => e,
          ),
        "a failing poll",
      );
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(PermanentError);
      await js.publish(`${prefix}.n`, "while-down");
      await proxy.up();
      const records = await eventually(async () => {
        const batch = await task.poll(never).catch(() => undefined);
        if (batch === undefined || batch.records.length === 0) return undefined;
        await batch.commit?.();
        return batch.records;
      }, "the record published while NATS was unreachable");
      expect(records.map((r) => text(r.value))).toEqual(["while-down"]);
    } finally {
      await task.close();
      await proxy.down();
    }
  });

  it("stops with a PermanentError when the stream does not exist", async () => {
    await expect(open(config("FRESHET_NO_SUCH_STREAM"))).rejects.toThrow(new PermanentError("the NATS stream FRESHET_NO_SUCH_STREAM does not exist."));
  });

  describe("check", () => {
    let authServer: NatsAuthServer;
    beforeAll(async () => {
      authServer = await NatsAuthServer.start("freshet", "right");
    });
    afterAll(async () => {
      await authServer.stop();
    });

    it("passes for a reachable stream", async () => {
      const { stream } = await createStream();
      expect(await natsSource.check(testSourceContext(config(stream), undefined, "orders-in"))).toEqual({ ok: true, detail: `stream ${stream} is readable as durable freshet-orders-in` });
    });

    it("fails with a sentence for a closed port, a wrong password and a missing stream", async () => {
      const { stream } = await createStream();
      const closed = await TcpFaultProxy.start({ host: "127.0.0.1", port: 4222 });
      await closed.down();
      const cases: [Partial<NatsSourceConfig>, RegExp][] = [
        [{ servers: [`nats://${closed.address}`] }, /^cannot connect to NATS at nats:\/\/127\.0\.0\.1:\d+: /],
        [{ servers: [authServer.url], user: "freshet", password: "wrong" }, /^NATS refused the credentials \(config\.user and config\.password, or config\.token\): /],
        [{ stream: "FRESHET_NO_SUCH_STREAM" }, /^cannot read the NATS stream FRESHET_NO_SUCH_STREAM: stream not found\.$/],
      ];
      for (const [overrides, message] of cases) {
        const result = await natsSource.check(testSourceContext(config(stream, overrides)));
        expect(result.ok ? "passed" : result.message).toMatch(message);
      }
    });
  });
});

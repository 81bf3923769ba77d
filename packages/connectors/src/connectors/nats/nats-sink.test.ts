import { randomBytes } from "node:crypto";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SinkTask } from "../../kit/connector.js";
import { PermanentError, RecordError } from "../../kit/errors.js";
import type { SinkRecord } from "../../kit/record.js";
import { testContext } from "../../test-support/context.js";
import { eventually } from "../../test-support/eventually.js";
import { NatsAuthServer } from "../../test-support/nats-auth-server.js";
import { TcpFaultProxy } from "../../test-support/tcp-fault-proxy.js";
import natsSink from "./nats-sink.js";
import type { NatsSinkConfig } from "./nats-sink-config.js";

const servers = ["nats://127.0.0.1:4222"];
const streams: string[] = [];
let nc: NatsConnection;
let jsm: JetStreamManager;
const never = new AbortController().signal;

/** A fresh stream taking `<prefix>.>`. */
async function createStream(): Promise<{ stream: string; prefix: string }> {
  const id = randomBytes(4).toString("hex");
  const stream = `FRESHET_SINK_${id}`;
  const prefix = `freshet-sink-${id}`;
  await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`] });
  streams.push(stream);
  return { stream, prefix };
}

function config(subject: string, overrides: Partial<NatsSinkConfig> = {}): NatsSinkConfig {
  return natsSink.config.parse({ servers, subject, ...overrides });
}

async function open(settings: NatsSinkConfig): Promise<SinkTask> {
  return natsSink.open(testContext(settings));
}

function record(offset: number, key: string | null = `k${offset.toString()}`, headers: Record<string, string> = {}): SinkRecord {
  return {
    topic: "orders",
    partition: 1,
    offset,
    timestamp: 1_700_000_000_000,
    key: key === null ? null : Buffer.from(key),
    value: Buffer.from(`v${offset.toString()}`),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)])),
  };
}

/** Every message of the stream as subject, payload, headers and message id. */
async function messagesOf(stream: string): Promise<{ subject: string; data: string; headers: Record<string, string> }[]> {
  const info = await jsm.streams.info(stream);
  const out: { subject: string; data: string; headers: Record<string, string> }[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq });
    if (message === null) continue;
    const headers: Record<string, string> = {};
    for (const name of message.header.keys()) headers[name] = message.header.get(name);
    out.push({ subject: message.subject, data: message.string(), headers });
  }
  return out;
}

beforeAll(async () => {
  nc = await connect({ servers });
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  for (const stream of streams) await jsm.streams.delete(stream);
  await nc.close();
});

describe("nats-sink", () => {
  it("publishes each record once to its subject with its headers and a message id", async () => {
    const { stream, prefix } = await createStream();
    const task = await open(config(`${prefix}.{{topic}}.{{key}}`));
    await task.write([record(10, "a", { trace: "t-1" }), record(11, "b"), record(12, "c.d")], never);
    await task.close();
    await task.close();
    expect(await messagesOf(stream)).toEqual([
      { subject: `${prefix}.orders.a`, data: "v10", headers: { trace: "t-1", "Nats-Msg-Id": "orders-1-10" } },
      { subject: `${prefix}.orders.b`, data: "v11", headers: { "Nats-Msg-Id": "orders-1-11" } },
      { subject: `${prefix}.orders.c.d`, data: "v12", headers: { "Nats-Msg-Id": "orders-1-12" } },
    ]);
  });

  it("keeps one stream message for a record written twice", async () => {
    const { stream, prefix } = await createStream();
    const task = await open(config(`${prefix}.{{topic}}`));
    await task.write([record(1), record(2)], never);
    await task.write([record(2), record(3)], never);
    await task.close();
    expect((await messagesOf(stream)).map((m) => m.data)).toEqual(["v1", "v2", "v3"]);
  });

  it("names a record it cannot publish by its index and publishes the records before it", async () => {
    const { stream, prefix } = await createStream();
    const task = await open(config(`${prefix}.{{key}}`));
    const error = await task.write([record(1), record(2, null), record(3)], never).catch((e: unknown) => e);
    await task.close();
    expect(error).toBeInstanceOf(RecordError);
    expect((error as RecordError).index).toBe(1);
    expect((error as RecordError).message).toBe("the record has no key for {{key}} in config.subject");
    expect((await messagesOf(stream)).map((m) => m.data)).toEqual(["v1"]);
  });

  it("stops with a PermanentError when no stream takes the subject", async () => {
    const task = await open(config("freshet-sink-nowhere.{{topic}}"));
    const error = await task.write([record(1)], never).catch((e: unknown) => e);
    await task.close();
    expect(error).toEqual(new PermanentError("no NATS JetStream stream takes subject freshet-sink-nowhere.orders."));
    expect(error).toBeInstanceOf(PermanentError);
  });

  it("fails retriably while NATS is unreachable and loses nothing once it is back", async () => {
    const { stream, prefix } = await createStream();
    const proxy = await TcpFaultProxy.start({ host: "127.0.0.1", port: 4222 });
    const task = await open(config(`${prefix}.{{topic}}`, { servers: [`nats://${proxy.address}`], ackTimeoutMs: 2_000 }));
    try {
      await task.write([record(1)], never);
      await proxy.down();
      const error = await eventually(
        () =>
          task.write([record(2), record(3)], never).then(
            () => undefined,
            (e: unknown) => e,
          ),
        "a failing write",
      );
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(PermanentError);
      expect(error).not.toBeInstanceOf(RecordError);
      await proxy.up();
      await eventually(
        () =>
          task.write([record(2), record(3)], never).then(
            () => true,
            () => undefined,
          ),
        "a write after NATS is back",
      );
    } finally {
      await task.close();
      await proxy.down();
    }
    expect((await messagesOf(stream)).map((m) => m.data)).toEqual(["v1", "v2", "v3"]);
  });

  describe("check", () => {
    let authServer: NatsAuthServer;
    beforeAll(async () => {
      authServer = await NatsAuthServer.start("freshet", "right");
    });
    afterAll(async () => {
      await authServer.stop();
    });

    it("passes for a subject a stream takes, and for a template", async () => {
      const { stream, prefix } = await createStream();
      expect(await natsSink.check(testContext(config(`${prefix}.fixed`)))).toEqual({ ok: true, detail: `stream ${stream} takes subject ${prefix}.fixed` });
      expect(await natsSink.check(testContext(config(`${prefix}.{{topic}}`)))).toEqual({ ok: true, detail: "connected to JetStream; the stream for each subject is looked up at the first write" });
    });

    it("fails with a sentence for a closed port, a wrong password and a subject no stream takes", async () => {
      const closed = await TcpFaultProxy.start({ host: "127.0.0.1", port: 4222 });
      await closed.down();
      const cases: [Partial<NatsSinkConfig>, RegExp][] = [
        [{ servers: [`nats://${closed.address}`] }, /^cannot connect to NATS at nats:\/\/127\.0\.0\.1:\d+: /],
        [{ servers: [authServer.url], user: "freshet", password: "wrong" }, /^NATS refused the credentials \(config\.user and config\.password, or config\.token\): /],
        [{ subject: "freshet-sink-nowhere.fixed" }, /^no NATS stream takes subject freshet-sink-nowhere\.fixed: no stream matches subject\.$/],
      ];
      for (const [overrides, message] of cases) {
        const result = await natsSink.check(testContext(config(overrides.subject ?? "freshet-sink-any.fixed", overrides)));
        expect(result.ok ? "passed" : result.message).toMatch(message);
      }
    });
  });
});

import { randomUUID } from "node:crypto";
import { connectAsync } from "mqtt";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SinkTask } from "../../kit/connector.js";
import { PermanentError, RecordError } from "../../kit/errors.js";
import type { SinkRecord } from "../../kit/record.js";
import { testContext } from "../../test-support/context.js";
import { TcpFaultProxy } from "../../test-support/tcp-fault-proxy.js";
import { closedPort } from "../shared/test-support/closed-port.js";
import mqttSink from "./mqtt-sink.js";
import { ensureMosquitto, MOSQUITTO_URL, startBrokerWithPassword } from "./test-support/mosquitto.js";

const signal = () => new AbortController().signal;

function record(offset: number, key: string, value: string | null): SinkRecord {
  return { topic: "events", partition: 0, offset, timestamp: 0, key: Buffer.from(key), value: value === null ? null : Buffer.from(value), headers: {} };
}

interface Received {
  readonly topic: string;
  readonly payload: string;
  readonly retain: boolean;
}

/** A client subscribed to `filter` that keeps what it receives. */
async function subscriber(filter: string): Promise<{ received: Received[]; waitFor(count: number): Promise<Received[]>; end(): Promise<void> }> {
  const client = await connectAsync(MOSQUITTO_URL, { protocolVersion: 5 });
  const received: Received[] = [];
  client.on("message", (topic, payload, packet) => received.push({ topic, payload: payload.toString("utf8"), retain: packet.retain }));
  await client.subscribeAsync(filter, { qos: 1 });
  return {
    received,
    async waitFor(count) {
      const deadline = Date.now() + 10_000;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${received.length.toString()} of ${count.toString()} messages within 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received;
    },
    end: () => client.endAsync(),
  };
}

describe("mqtt-sink", () => {
  const tasks: SinkTask[] = [];
  const clients: { end(): Promise<void> }[] = [];
  const open = async (config: Record<string, unknown>) => {
    const task = await mqttSink.open(testContext(mqttSink.config.parse({ url: MOSQUITTO_URL, clientId: `sink-${randomUUID()}`, ...config })));
    tasks.push(task);
    return task;
  };
  const subscribe = async (filter: string) => {
    const client = await subscriber(filter);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    await ensureMosquitto();
  });
  afterEach(async () => {
    await Promise.all(tasks.splice(0).map((task) => task.close()));
    await Promise.all(clients.splice(0).map((client) => client.end()));
  });

  it("publishes each value to the topic made from the record, and the write ends after the broker has them", async () => {
    const base = `freshet-test/${randomUUID()}`;
    const watcher = await subscribe(`${base}/#`);
    const task = await open({ topic: `${base}/{{topic}}/{{key}}` });
    await task.write([record(0, "dev-1", "on"), record(1, "dev-2", "off"), record(2, "dev-1", null)], signal());
    expect(await watcher.waitFor(3)).toEqual([
      { topic: `${base}/events/dev-1`, payload: "on", retain: false },
      { topic: `${base}/events/dev-2`, payload: "off", retain: false },
      { topic: `${base}/events/dev-1`, payload: "", retain: false },
    ]);
  });

  it("retain: a later subscriber gets the last value", async () => {
    const base = `freshet-test/${randomUUID()}`;
    const task = await open({ topic: `${base}/{{key}}`, retain: true, qos: 2 });
    await task.write([record(0, "lamp", "dim"), record(1, "lamp", "bright")], signal());
    const late = await subscribe(`${base}/#`);
    expect(await late.waitFor(1)).toEqual([{ topic: `${base}/lamp`, payload: "bright", retain: true }]);
    // A record without value clears the retained message (and leaves nothing on the broker after the test).
    await task.write([record(2, "lamp", null)], signal());
  });

  it("a record whose topic would hold a wildcard is a RecordError after the records before it are published", async () => {
    const base = `freshet-test/${randomUUID()}`;
    const watcher = await subscribe(`${base}/#`);
    const task = await open({ topic: `${base}/{{key}}` });
    const failure = await task.write([record(0, "ok", "1"), record(1, "bad/+", "2"), record(2, "after", "3")], signal()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RecordError);
    expect((failure as RecordError).index).toBe(1);
    expect((failure as RecordError).message).toBe(`the record makes the MQTT topic "${base}/bad/+", which holds a wildcard or NUL`);
    expect(await watcher.waitFor(1)).toEqual([{ topic: `${base}/ok`, payload: "1", retain: false }]);
  });

  it("fails retriably while the broker is unreachable; the same task writes once it is back", async () => {
    const base = `freshet-test/${randomUUID()}`;
    const watcher = await subscribe(`${base}/#`);
    const proxy = await TcpFaultProxy.start({ host: "127.0.0.1", port: 1883 });
    try {
      const task = await open({ url: `mqtt://${proxy.address}`, topic: `${base}/{{key}}` });
      await proxy.down();
      const failure = await task.write([record(0, "a", "1")], signal()).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(PermanentError);
      await proxy.up();
      // What the runtime does: the same write again after each failure, until mqtt.js has reconnected.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const retry = await task.write([record(0, "a", "1"), record(1, "b", "2")], signal()).catch((error: unknown) => error);
        if (retry === undefined) break;
        expect(retry).not.toBeInstanceOf(PermanentError);
        if (Date.now() > deadline) throw retry;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await watcher.waitFor(2)).toEqual([
        { topic: `${base}/a`, payload: "1", retain: false },
        { topic: `${base}/b`, payload: "2", retain: false },
      ]);
    } finally {
      await proxy.down();
    }
  });

  it("check passes for a good broker and explains a closed port and refused credentials", async () => {
    const check = (config: Record<string, unknown>) => mqttSink.check(testContext(mqttSink.config.parse(config)));
    expect(await check({ url: MOSQUITTO_URL })).toEqual({ ok: true, detail: `connected to ${MOSQUITTO_URL}` });
    const closed = `mqtt://127.0.0.1:${(await closedPort()).toString()}`;
    expect(await check({ url: closed })).toEqual({ ok: false, message: `cannot reach the MQTT broker at ${closed}: connection refused` });
    const broker = await startBrokerWithPassword("freshet", "right");
    try {
      expect(await check({ url: broker.url, username: "freshet", password: "right" })).toMatchObject({ ok: true });
      expect(await check({ url: broker.url, username: "freshet", password: "wrong" })).toEqual({
        ok: false,
        message: `the MQTT broker at ${broker.url} does not authorize this client (check username and password)`,
      });
    } finally {
      await broker.stop();
    }
  });

  it("validates its config: the topic template has no wildcards", () => {
    expect(mqttSink.config.safeParse({ url: MOSQUITTO_URL, topic: "a/#" }).success).toBe(false);
    expect(mqttSink.config.parse({ url: MOSQUITTO_URL })).toEqual({ url: MOSQUITTO_URL, connectTimeoutMs: 10_000, topic: "{{topic}}", qos: 1, retain: false });
  });
});

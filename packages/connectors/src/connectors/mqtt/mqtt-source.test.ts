import { randomUUID } from "node:crypto";
import { connectAsync, type MqttClient } from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SourceBatch, SourceTask } from "../../kit/connector.js";
import { PermanentError } from "../../kit/errors.js";
import { testContext, testSourceContext } from "../../test-support/context.js";
import { TcpFaultProxy } from "../../test-support/tcp-fault-proxy.js";
import { closedPort } from "../shared/test-support/closed-port.js";
import mqttSource from "./mqtt-source.js";
import { ensureMosquitto, MOSQUITTO_URL, startBrokerWithPassword } from "./test-support/mosquitto.js";

const signal = () => new AbortController().signal;
const text = (value: unknown) => Buffer.from(value as Uint8Array).toString("utf8");

/** Polls until `count` records (and rejected ones) came, without committing; fails after a deadline. */
async function pollFor(task: SourceTask, count: number): Promise<SourceBatch[]> {
  const batches: SourceBatch[] = [];
  let seen = 0;
  const deadline = Date.now() + 15_000;
  while (seen < count) {
    if (Date.now() > deadline) throw new Error(`only ${seen.toString()} of ${count.toString()} messages within 15 s`);
    const batch = await task.poll(signal());
    seen += batch.records.length + (batch.rejected?.length ?? 0);
    if (batch.records.length + (batch.rejected?.length ?? 0) > 0) batches.push(batch);
  }
  return batches;
}

const values = (batches: readonly SourceBatch[]) => batches.flatMap((batch) => batch.records.map((record) => [record.key, text(record.value)]));
const commitAll = (batches: readonly SourceBatch[]) => Promise.all(batches.map((batch) => batch.commit?.()));

describe("mqtt-source", () => {
  let publisher: MqttClient;
  const tasks: SourceTask[] = [];
  const open = async (config: Record<string, unknown>, maxBatch = 500) => {
    const task = await mqttSource.open({ ...testSourceContext(mqttSource.config.parse({ url: MOSQUITTO_URL, sessionExpirySeconds: 60, ...config })), maxBatch });
    tasks.push(task);
    return task;
  };
  const publish = async (topic: string, ...payloads: string[]) => {
    for (const payload of payloads) await publisher.publishAsync(topic, payload, { qos: 1 });
  };

  beforeAll(async () => {
    await ensureMosquitto();
    publisher = await connectAsync(MOSQUITTO_URL, { protocolVersion: 5 });
  });
  afterEach(async () => {
    await Promise.all(tasks.splice(0).map((task) => task.close()));
  });
  afterAll(async () => {
    await publisher.endAsync();
  });

  it("produces each message as is, keyed by its MQTT topic", async () => {
    const base = `freshet-test/${randomUUID()}`;
    const task = await open({ topics: [`${base}/+/temp`], clientId: `src-${randomUUID()}` });
    await publish(`${base}/kitchen/temp`, "21.5", "21.7");
    await publish(`${base}/hall/temp`, "19");
    await publish(`${base}/hall/humidity`, "not subscribed");
    const batches = await pollFor(task, 3);
    expect(values(batches)).toEqual([
      [`${base}/kitchen/temp`, "21.5"],
      [`${base}/kitchen/temp`, "21.7"],
      [`${base}/hall/temp`, "19"],
    ]);
    await commitAll(batches);
  });

  it("json: wraps the parsed payload with its topic and rejects a payload that is not JSON", async () => {
    const topic = `freshet-test/${randomUUID()}`;
    const task = await open({ topics: [topic], payloadFormat: "json", clientId: `src-${randomUUID()}` });
    await publish(topic, '{"t": 21}', "oops{");
    const batches = await pollFor(task, 2);
    expect(values(batches)).toEqual([[topic, JSON.stringify({ mqtt_topic: topic, payload: { t: 21 } })]]);
    const rejected = batches.flatMap((batch) => batch.rejected ?? []);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.record.key).toBe(topic);
    expect(text(rejected[0]?.record.value)).toBe("oops{");
    expect(rejected[0]?.error).toMatch(/^the payload is not JSON: /);
    await commitAll(batches);
  });

  it("receives what was published while it was closed after reopening with the same client id", async () => {
    const topic = `freshet-test/${randomUUID()}`;
    const config = { topics: [topic], clientId: `src-${randomUUID()}` };
    const first = await open(config);
    await first.close();
    await publish(topic, "while-away-1", "while-away-2");
    const reopened = await open(config);
    const batches = await pollFor(reopened, 2);
    expect(values(batches)).toEqual([
      [topic, "while-away-1"],
      [topic, "while-away-2"],
    ]);
    await commitAll(batches);
  });

  it("gets a batch that was not committed again after reopening, and a committed one not", async () => {
    const topic = `freshet-test/${randomUUID()}`;
    const config = { topics: [topic], clientId: `src-${randomUUID()}` };
    const first = await open(config);
    await publish(topic, "a", "b");
    expect(values(await pollFor(first, 2))).toEqual([
      [topic, "a"],
      [topic, "b"],
    ]);
    await first.close();

    const second = await open(config);
    const again = await pollFor(second, 2);
    expect(values(again)).toEqual([
      [topic, "a"],
      [topic, "b"],
    ]);
    await commitAll(again);
    await publish(topic, "c");
    const next = await pollFor(second, 1);
    await commitAll(next);
    await second.close();

    const third = await open(config);
    await publish(topic, "d");
    expect(values(await pollFor(third, 1))).toEqual([[topic, "d"]]);
  });

  it("has at most maxBatch unacknowledged messages: the broker sends more only after a commit", async () => {
    const topic = `freshet-test/${randomUUID()}`;
    const task = await open({ topics: [topic], clientId: `src-${randomUUID()}` }, 2);
    await publish(topic, "1", "2", "3", "4", "5");
    const first = await pollFor(task, 2);
    expect(values(first).map(([, value]) => value)).toEqual(["1", "2"]);
    expect(await task.poll(signal())).toEqual({ records: [] });
    await commitAll(first);
    const rest: SourceBatch[] = [];
    while (values(rest).length < 3) {
      const batches = await pollFor(task, 1);
      rest.push(...batches);
      await commitAll(batches);
    }
    expect(values(rest).map(([, value]) => value)).toEqual(["3", "4", "5"]);
  });

  it("fails retriably while the broker is unreachable and receives what was published meanwhile once it is back", async () => {
    const topic = `freshet-test/${randomUUID()}`;
    const proxy = await TcpFaultProxy.start({ host: "127.0.0.1", port: 1883 });
    try {
      const url = `mqtt://${proxy.address}`;
      const task = await open({ url, topics: [topic], clientId: `src-${randomUUID()}` });
      await proxy.down();
      let failure: unknown;
      const deadline = Date.now() + 10_000;
      while (failure === undefined && Date.now() < deadline)
        failure = await task.poll(signal()).then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(PermanentError);
      await publish(topic, "during-outage-1", "during-outage-2");
      await proxy.up();
      // What the runtime does: poll again after each failure until the client has reconnected.
      const batches: SourceBatch[] = [];
      while (values(batches).length < 2) {
        if (Date.now() > deadline + 15_000) throw new Error("nothing after the broker came back");
        const batch = await task.poll(signal()).catch(() => undefined);
        if (batch !== undefined && batch.records.length > 0) batches.push(batch);
      }
      expect(values(batches)).toEqual([
        [topic, "during-outage-1"],
        [topic, "during-outage-2"],
      ]);
      await commitAll(batches);
    } finally {
      await proxy.down();
    }
  });

  it("check passes for a good broker and explains a closed port and refused credentials", async () => {
    const check = (config: Record<string, unknown>) => mqttSource.check(testContext(mqttSource.config.parse({ topics: ["freshet-test/check"], ...config })));
    expect(await check({ url: MOSQUITTO_URL })).toEqual({ ok: true, detail: `connected to ${MOSQUITTO_URL} and subscribed to freshet-test/check` });
    const closed = `mqtt://127.0.0.1:${(await closedPort()).toString()}`;
    expect(await check({ url: closed })).toEqual({ ok: false, message: `cannot reach the MQTT broker at ${closed}: connection refused` });
    const broker = await startBrokerWithPassword("freshet", "right");
    try {
      expect(await check({ url: broker.url, username: "freshet", password: "right" })).toMatchObject({ ok: true });
      expect(await check({ url: broker.url, username: "freshet", password: "wrong" })).toEqual({
        ok: false,
        message: `the MQTT broker at ${broker.url} does not authorize this client (check username and password)`,
      });
      await expect(open({ url: broker.url, topics: ["t"], username: "freshet", password: "wrong" })).rejects.toBeInstanceOf(PermanentError);
    } finally {
      await broker.stop();
    }
  });
});

/*
 * nats-source and nats-sink under the real runtime, between a real broker and the machine's NATS
 * JetStream: an exact round trip stream → topic → stream (a redelivery after an offsets reset is
 * deduplicated by message id), and NATS down within and beyond the retry window.
 */
import { randomBytes } from "node:crypto";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConnectorOffsets, resetConnectorOffsets } from "../../offsets/connector-offsets.js";
import { ConnectorWorkspace } from "../../test-support/connector-harness.js";
import { E2eCluster, text, until } from "../../test-support/e2e-cluster.js";
import { TcpFaultProxy } from "../../test-support/tcp-fault-proxy.js";

const servers = ["nats://127.0.0.1:4222"];
const streams: string[] = [];
const workspaces: ConnectorWorkspace[] = [];
let cluster: E2eCluster;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;

beforeAll(async () => {
  [cluster, nc] = await Promise.all([E2eCluster.start(), connect({ servers })]);
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  await Promise.all(workspaces.map((w) => w.remove()));
  for (const stream of streams) await jsm.streams.delete(stream);
  await nc?.close();
  await cluster?.stop();
});

/** A workspace of its own per connector: the status file is per data directory. */
async function workspace(): Promise<ConnectorWorkspace> {
  const created = await ConnectorWorkspace.create();
  workspaces.push(created);
  return created;
}

/** A fresh stream taking `<prefix>.>`. */
async function createStream(): Promise<{ stream: string; prefix: string }> {
  const id = randomBytes(4).toString("hex");
  const stream = `FRESHET_E2E_${id}`;
  const prefix = `freshet-e2e-${id}`;
  await jsm.streams.add({ name: stream, subjects: [`${prefix}.>`] });
  streams.push(stream);
  return { stream, prefix };
}

/** Every message of the stream as subject and payload. */
async function messagesOf(stream: string): Promise<Array<{ subject: string; data: string }>> {
  const info = await jsm.streams.info(stream);
  const out: Array<{ subject: string; data: string }> = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq });
    if (message !== null) out.push({ subject: message.subject, data: message.string() });
  }
  return out;
}

const messageCount = async (stream: string): Promise<number> => (await jsm.streams.info(stream)).state.messages;

const numbered = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, n) => `event-${(from + n).toString()}`);

function connector(name: string, type: "nats-source" | "nats-sink", topic: string, config: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const where = type === "nats-source" ? { topic } : { topics: [topic] };
  return { name, type, ...where, cluster: { bootstrap: cluster.bootstrap }, delivery: { batchSize: 100 }, config: { servers, ...config }, ...extra };
}

const committed = async (name: string): Promise<number> => {
  const offsets = await readConnectorOffsets(cluster.client, { name, kind: "sink" });
  return offsets.kind === "sink" ? offsets.partitions.reduce((sum, p) => sum + p.offset, 0) : -1;
};

describe("NATS end to end", () => {
  it("carries every message stream → nats-source → topic → nats-sink → stream exactly once; a redelivery after a reset is deduplicated", async () => {
    const [from, to] = await Promise.all([createStream(), createStream()]);
    for (const value of numbered(0, 500)) await js.publish(`${from.prefix}.orders`, value);
    const [sourceWs, sinkWs] = await Promise.all([workspace(), workspace()]);
    const source = await sourceWs.start(connector("nats-in", "nats-source", "nats-in", { stream: from.stream }));
    const sinkConfig = connector("nats-out", "nats-sink", "nats-in", { subject: `${to.prefix}.out` });
    let sink = await sinkWs.start(sinkConfig);
    await until(
      "500 committed",
      () => committed("nats-out"),
      (n) => n === 500,
    );
    await source.close();
    await sink.close();
    expect((await cluster.readAll("nats-in")).map((r) => [text(r.key), text(r.value)])).toEqual(numbered(0, 500).map((v) => [`${from.prefix}.orders`, v]));
    expect(await messagesOf(to.stream)).toEqual(numbered(0, 500).map((data) => ({ subject: `${to.prefix}.out`, data })));

    await resetConnectorOffsets(cluster.client, { name: "nats-out", kind: "sink" });
    sink = await sinkWs.start(sinkConfig);
    await until(
      "500 committed again",
      () => committed("nats-out"),
      (n) => n === 500,
    );
    const status = await until(
      "the status",
      () => sinkWs.status(),
      (s) => s?.metrics.recordsOut === 500,
    );
    await sink.close();
    expect(status?.state).toBe("running");
    // Written again, but JetStream drops a message id it already has.
    expect(await messageCount(to.stream)).toBe(500);
  });

  it("loses nothing while NATS is down within the retry window; beyond it the sink fails, and a restart delivers the rest", async () => {
    const to = await createStream();
    const proxy = await TcpFaultProxy.start({ host: "127.0.0.1", port: 4222 });
    const ws = await workspace();
    const config = (timeoutMs: number): Record<string, unknown> =>
      connector(
        "nats-flaky-out",
        "nats-sink",
        "nats-flaky",
        { servers: [`nats://${proxy.address}`], subject: `${to.prefix}.out`, ackTimeoutMs: 500 },
        { errors: { retry: { initialDelayMs: 50, maxDelayMs: 200, timeoutMs } } },
      );
    const values = numbered(0, 500).map((value) => ({ value }));
    try {
      await cluster.send("nats-flaky", values.slice(0, 200));
      let sink = await ws.start(config(30_000));
      await until(
        "200 committed",
        () => committed("nats-flaky-out"),
        (n) => n === 200,
      );
      await proxy.down();
      await cluster.send("nats-flaky", values.slice(200, 400));
      await until(
        "retries",
        () => ws.status(),
        (s) => (s?.metrics.errors ?? 0) >= 2,
      );
      expect(await messageCount(to.stream)).toBe(200);
      await proxy.up();
      await until(
        "400 committed",
        () => committed("nats-flaky-out"),
        (n) => n === 400,
      );
      expect((await ws.status())?.state).toBe("running");
      await sink.close();

      await proxy.down();
      await cluster.send("nats-flaky", values.slice(400));
      sink = await ws.start(config(1_500));
      const failed = await until(
        "Failed",
        () => ws.status(),
        (s) => s?.state === "failed",
      );
      await sink.close();
      expect(failed?.reason).toMatch(
        new RegExp(`^opening nats-sink kept failing for \\d+ s \\(errors\\.retry\\.timeoutMs is 1500\\): cannot connect to NATS at nats://${proxy.address}: connection refused$`),
      );
      expect(await messageCount(to.stream)).toBe(400);

      await proxy.up();
      sink = await ws.start(config(30_000));
      await until(
        "500 committed",
        () => committed("nats-flaky-out"),
        (n) => n === 500,
      );
      await sink.close();
    } finally {
      await proxy.down();
    }
    expect((await messagesOf(to.stream)).map((m) => m.data)).toEqual(numbered(0, 500));
  });
});

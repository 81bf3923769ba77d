/*
 * http-source and http-sink under the real runtime, between a real broker and local HTTP servers:
 * an exact round trip endpoint → topic → receiver, a body that is not JSON dead-lettered, and the
 * receiver down within and beyond the retry window.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConnectorOffsets } from "../../offsets/connector-offsets.js";
import { DEAD_LETTER_HEADERS } from "../../runtime/dead-letters.js";
import { ConnectorWorkspace } from "../../test-support/connector-harness.js";
import { E2eCluster, header, text, until } from "../../test-support/e2e-cluster.js";
import { TcpFaultProxy } from "../../test-support/tcp-fault-proxy.js";
import { RecordingServer } from "./test-support/recording-server.js";

let cluster: E2eCluster;
const workspaces: ConnectorWorkspace[] = [];
const servers: RecordingServer[] = [];

beforeAll(async () => {
  cluster = await E2eCluster.start();
});

afterAll(async () => {
  await Promise.all([...workspaces.map((w) => w.remove()), ...servers.map((s) => s.close())]);
  await cluster?.stop();
});

/** A workspace of its own per connector: the status file is per data directory. */
async function workspace(): Promise<ConnectorWorkspace> {
  const created = await ConnectorWorkspace.create();
  workspaces.push(created);
  return created;
}

async function server(): Promise<RecordingServer> {
  const started = await RecordingServer.start();
  servers.push(started);
  return started;
}

/** Answers `state.body` with ETag "v<version>", and 304 when the request already has that version. */
function versioned(endpoint: RecordingServer, state: { version: number; body: string }): void {
  endpoint.handler = (request, response) => {
    const etag = `"v${state.version.toString()}"`;
    if (request.headers["if-none-match"] === etag) return response.writeHead(304).end();
    response.writeHead(200, { etag, "content-type": "application/json" }).end(state.body);
  };
}

const items = (from: number, to: number): Array<{ id: string; n: number }> => Array.from({ length: to - from }, (_, n) => ({ id: `item-${(from + n).toString()}`, n: from + n }));

function connector(name: string, type: "http-source" | "http-sink", topic: string, config: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const where = type === "http-source" ? { topic } : { topics: [topic] };
  return { name, type, ...where, cluster: { bootstrap: cluster.bootstrap }, delivery: { batchSize: 100 }, config, ...extra };
}

const committed = async (name: string): Promise<number> => {
  const offsets = await readConnectorOffsets(cluster.client, { name, kind: "sink" });
  return offsets.kind === "sink" ? offsets.partitions.reduce((sum, p) => sum + p.offset, 0) : -1;
};

describe("HTTP end to end", () => {
  it("carries every item endpoint → http-source → topic → http-sink → receiver exactly once, and a new version of the answer too", async () => {
    const [endpoint, receiver] = await Promise.all([server(), server()]);
    const state = { version: 1, body: JSON.stringify({ data: { items: items(0, 300) } }) };
    versioned(endpoint, state);
    const [sourceWs, sinkWs] = await Promise.all([workspace(), workspace()]);
    const source = await sourceWs.start(connector("http-in", "http-source", "http-in", { url: `${endpoint.url}items`, intervalMs: 100, split: "data.items", keyField: "id" }));
    const sink = await sinkWs.start(connector("http-out", "http-sink", "http-in", { url: `${receiver.url}ingest`, headers: { "x-key": "{{key}}" } }));
    await until(
      "300 committed",
      () => committed("http-out"),
      (n) => n === 300,
    );
    state.body = JSON.stringify({ data: { items: items(300, 500) } });
    state.version = 2;
    await until(
      "500 committed",
      () => committed("http-out"),
      (n) => n === 500,
    );
    await until(
      "the source polled again",
      async () => endpoint.requests.length,
      (n) => n >= 5,
    );
    await source.close();
    await sink.close();
    expect((await cluster.readAll("http-in")).map((r) => [text(r.key), JSON.parse(text(r.value)!) as unknown])).toEqual(items(0, 500).map((item) => [item.id, item]));
    expect(receiver.requests.map((r) => [r.method, r.url, r.headers["x-key"], JSON.parse(r.body) as unknown])).toEqual(items(0, 500).map((item) => ["POST", "/ingest", item.id, item]));
  });

  it("dead-letters an answer that is not JSON, with its headers, and produces the next one", async () => {
    const endpoint = await server();
    const state = { version: 1, body: "{oops" };
    versioned(endpoint, state);
    const ws = await workspace();
    const source = await ws.start(connector("http-poison", "http-source", "http-poison", { url: endpoint.url, intervalMs: 100 }, { errors: { tolerance: "all" } }));
    const letters = await until(
      "a dead letter",
      () => cluster.readAll("http-poison-dlq"),
      (r) => r.length >= 1,
    );
    state.body = '{"ok":true}';
    state.version = 2;
    await until(
      "a record",
      () => cluster.readAll("http-poison"),
      (r) => r.length >= 1,
    );
    const status = await until(
      "the counts",
      () => ws.status(),
      (s) => s?.metrics.deadLettered === 1 && s.metrics.recordsOut === 1,
    );
    await source.close();
    expect((await cluster.readAll("http-poison")).map((r) => text(r.value))).toEqual(['{"ok":true}']);
    expect(letters).toHaveLength(1);
    const [letter] = letters;
    expect(text(letter!.value)).toBe("{oops");
    expect(header(letter!, DEAD_LETTER_HEADERS.error)).toMatch(/JSON/);
    expect(header(letter!, DEAD_LETTER_HEADERS.connector)).toBe("http-poison");
    expect(header(letter!, DEAD_LETTER_HEADERS.stage)).toBe("source http-source");
    expect(status?.state).toBe("running");
  });

  it("loses nothing while the receiver is down within the retry window; beyond it the sink fails naming it, and a restart delivers the rest", async () => {
    const receiver = await server();
    const proxy = await TcpFaultProxy.start({ host: "127.0.0.1", port: receiver.port });
    const ws = await workspace();
    const config = (timeoutMs: number): Record<string, unknown> =>
      connector(
        "http-flaky-out",
        "http-sink",
        "http-flaky",
        { url: `http://${proxy.address}/in`, batchMode: "ndjson", timeoutMs: 1_000 },
        { errors: { retry: { initialDelayMs: 50, maxDelayMs: 200, timeoutMs } } },
      );
    const values = items(0, 500).map((item) => ({ value: JSON.stringify(item) }));
    const received = (): unknown[] =>
      receiver.requests.flatMap((r) =>
        r.body
          .split("\n")
          .filter((line) => line.length > 0)
          .map((line) => JSON.parse(line) as unknown),
      );
    try {
      await cluster.send("http-flaky", values.slice(0, 200));
      let sink = await ws.start(config(30_000));
      await until(
        "200 committed",
        () => committed("http-flaky-out"),
        (n) => n === 200,
      );
      await proxy.down();
      await cluster.send("http-flaky", values.slice(200, 400));
      await until(
        "retries",
        () => ws.status(),
        (s) => (s?.metrics.errors ?? 0) >= 2,
      );
      expect(received()).toHaveLength(200);
      await proxy.up();
      await until(
        "400 committed",
        () => committed("http-flaky-out"),
        (n) => n === 400,
      );
      expect((await ws.status())?.state).toBe("running");
      await sink.close();

      await proxy.down();
      await cluster.send("http-flaky", values.slice(400));
      sink = await ws.start(config(1_500));
      const failed = await until(
        "Failed",
        () => ws.status(),
        (s) => s?.state === "failed",
      );
      await sink.close();
      expect(failed?.reason).toMatch(new RegExp(`^writing to http-sink kept failing for \\d+ s \\(errors\\.retry\\.timeoutMs is 1500\\): .*${proxy.address}`));
      expect(received()).toHaveLength(400);

      await proxy.up();
      sink = await ws.start(config(30_000));
      await until(
        "500 committed",
        () => committed("http-flaky-out"),
        (n) => n === 500,
      );
      await sink.close();
    } finally {
      await proxy.down();
    }
    expect(received()).toEqual(items(0, 500));
  });
});

/*
 * kafka-source and kafka-sink under the real runtime, between this cluster and a second Freshet
 * broker standing for a remote Kafka cluster: an exact round trip remote topic → topic → remote
 * topic, and the source's position reset or altered while stopped.
 */
import { createClient, type FreshetClient } from "@freshet/client/client";
import { startSpu, type RunningSpu } from "@freshet/client/internal/spu-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alterConnectorOffsets, readConnectorOffsets, resetConnectorOffsets } from "../../offsets/connector-offsets.js";
import { ConnectorWorkspace } from "../../test-support/connector-harness.js";
import { E2eCluster, header, text, until } from "../../test-support/e2e-cluster.js";

let cluster: E2eCluster;
let remote: RunningSpu;
let remoteClient: FreshetClient;
const workspaces: ConnectorWorkspace[] = [];

beforeAll(async () => {
  [cluster, remote] = await Promise.all([E2eCluster.start(), startSpu({ groupInitialRebalanceDelayMs: 0 })]);
  remoteClient = createClient({ bootstrap: remote.bootstrap });
});

afterAll(async () => {
  await Promise.all(workspaces.map((w) => w.remove()));
  await remoteClient?.close();
  await remote?.stop();
  await cluster?.stop();
});

/** A workspace of its own per connector: the status file is per data directory. */
async function workspace(): Promise<ConnectorWorkspace> {
  const created = await ConnectorWorkspace.create();
  workspaces.push(created);
  return created;
}

async function readRemote(topic: string): Promise<Array<[string | null, string | null]>> {
  const out: Array<[string | null, string | null]> = [];
  if (!(await remoteClient.admin.listTopics()).includes(topic)) return out;
  for await (const record of remoteClient.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true })) out.push([text(record.key), text(record.value)]);
  return out;
}

const events = (from: number, to: number): Array<{ key: string; value: string }> =>
  Array.from({ length: to - from }, (_, n) => ({ key: `k${((from + n) % 7).toString()}`, value: `event-${(from + n).toString()}` }));

function connector(name: string, type: "kafka-source" | "kafka-sink", topic: string, config: Record<string, unknown>): Record<string, unknown> {
  const where = type === "kafka-source" ? { topic } : { topics: [topic] };
  return { name, type, ...where, cluster: { bootstrap: cluster.bootstrap }, delivery: { batchSize: 100 }, config: { bootstrap: remote.bootstrap, ...config } };
}

const committed = async (name: string): Promise<number> => {
  const offsets = await readConnectorOffsets(cluster.client, { name, kind: "sink" });
  return offsets.kind === "sink" ? offsets.partitions.reduce((sum, p) => sum + p.offset, 0) : -1;
};

describe("Kafka end to end", () => {
  it("carries every record remote topic → kafka-source → topic → kafka-sink → remote topic exactly once", async () => {
    await remoteClient.admin.createTopics([{ name: "remote-in" }, { name: "remote-out" }]);
    await remoteClient.producer().send("remote-in", events(0, 1_000));
    const [sourceWs, sinkWs] = await Promise.all([workspace(), workspace()]);
    const source = await sourceWs.start(connector("kafka-in", "kafka-source", "kafka-in", { topic: "remote-in" }));
    const sink = await sinkWs.start(connector("kafka-out", "kafka-sink", "kafka-in", { topic: "remote-out" }));
    await until(
      "1000 committed",
      () => committed("kafka-out"),
      (n) => n === 1_000,
    );
    await source.close();
    await sink.close();
    const mirrored = await cluster.readAll("kafka-in");
    expect(mirrored.map((r) => [text(r.key), text(r.value)])).toEqual(events(0, 1_000).map((e) => [e.key, e.value]));
    expect(mirrored.map((r) => header(r, "freshet.mirror.offset"))).toEqual(Array.from({ length: 1_000 }, (_, n) => String(n)));
    expect(await readRemote("remote-out")).toEqual(events(0, 1_000).map((e) => [e.key, e.value]));
  });

  it("mirrors again from the beginning after a reset, and from an altered position", async () => {
    await remoteClient.admin.createTopics([{ name: "remote-replay" }]);
    await remoteClient.producer().send("remote-replay", events(0, 200));
    const ws = await workspace();
    const config = connector("kafka-replay", "kafka-source", "kafka-replay", { topic: "remote-replay" });
    const target = { name: "kafka-replay", kind: "source" } as const;
    const position = async (): Promise<unknown> => ((await readConnectorOffsets(cluster.client, target)) as { position: unknown }).position;
    const values = async (): Promise<Array<string | null>> => (await cluster.readAll("kafka-replay")).map((r) => text(r.value));
    const all = events(0, 200).map((e) => e.value);

    let source = await ws.start(config);
    await until("the position at the end", position, (p) => JSON.stringify(p) === JSON.stringify({ "0": 200 }));
    await source.close();
    await resetConnectorOffsets(cluster.client, target);
    source = await ws.start(config);
    await until("400 records", values, (v) => v.length >= 400);
    await until("the position at the end again", position, (p) => JSON.stringify(p) === JSON.stringify({ "0": 200 }));
    await source.close();
    await alterConnectorOffsets(cluster.client, target, { kind: "source", position: { "0": 150 } });
    source = await ws.start(config);
    await until("450 records", values, (v) => v.length >= 450);
    await until("the position at the end once more", position, (p) => JSON.stringify(p) === JSON.stringify({ "0": 200 }));
    await source.close();
    expect(await values()).toEqual([...all, ...all, ...all.slice(150)]);
  });
});

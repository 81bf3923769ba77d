import { join } from "node:path";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCredentials } from "../support/sasl-credentials.js";
import { eventually, makeDataDir, removeDataDir, startSpu, type SpuProcess } from "../support/spu-process.js";

/*
 * With SASL on, an SPU reading a derived topic's source from another SPU logs in
 * as the internal user (a connection that did not would be closed at its first
 * Metadata request, and the derived topic would stay empty).
 */

let sc: SpuProcess;
let spus: SpuProcess[];
let credentialsDir: string;
let client: FreshetClient;
const login = { mechanism: "scram-sha-256", username: "alice", password: "alice-secret" } as const;

beforeAll(async () => {
  credentialsDir = await makeDataDir();
  const file = await writeCredentials(credentialsDir, { alice: "alice-secret" }, { internal: true });
  const secret = join(credentialsDir, "controller.secret");
  // No SPU dies in this test: a long liveness timeout keeps the module build's CPU use from counting one out.
  sc = await startSpu({ args: ["--role", "sc", "--controller-secret", secret, "--spu-timeout-ms", "15000"] });
  spus = await Promise.all([1, 2].map((id) => startSpu({ args: ["--role", "spu", "--sc", sc.bootstrap, "--controller-secret", secret, "--node-id", String(id), "--sasl-credentials", file] })));
  client = createClient({ bootstrap: spus.map((s) => s.bootstrap).join(","), clientId: "derived-sasl", sasl: login });
  const bothSpusLive = () =>
    eventually("both SPUs in Metadata", async () => {
      await client.cluster.refreshMetadata([]);
      return client.cluster.info.brokers.length === 2 ? true : undefined;
    });
  await bothSpusLive();
  await client.admin.loadSmartModule("json-filter", "0.1.0", (await buildSmartModule(examplePath("json-filter"))).wasm);
  // Compiling the module can keep both cores busy past the controller's 2 s SPU timeout; the
  // topics below name both SPUs, so wait until the controller counts both live again.
  await bothSpusLive();
}, 120_000);

afterAll(async () => {
  await client?.close();
  for (const p of [...(spus ?? []), sc]) if (p !== undefined) expect(await p.stop()).toBe(0);
  for (const dir of [...(spus ?? []), sc]
    .filter((p) => p !== undefined)
    .map((p) => p.dataDir)
    .concat(credentialsDir ?? []))
    await removeDataDir(dir);
});

describe("derived topics with SASL", () => {
  it("derives from source partitions led by the other SPU, logged in as the internal user", async () => {
    const kafka = new Kafka({ brokers: spus.map((s) => s.bootstrap), sasl: { mechanism: "scram-sha-256", username: "alice", password: "alice-secret" }, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    // Each derived partition placed on the SPU that does not lead its source partition.
    await admin.createTopics({
      topics: [
        {
          topic: "readings",
          replicaAssignment: [
            { partition: 0, replicas: [1] },
            { partition: 1, replicas: [2] },
          ],
        },
      ],
    });
    const chain = JSON.stringify([{ module: "json-filter", params: { field: "kind", value: "keep" } }]);
    const configEntries = [
      { name: "freshet.source", value: "readings" },
      { name: "freshet.smartmodules", value: chain },
    ];
    await admin.createTopics({
      topics: [
        {
          topic: "derived",
          replicaAssignment: [
            { partition: 0, replicas: [2] },
            { partition: 1, replicas: [1] },
          ],
          configEntries,
        },
      ],
    });
    await admin.disconnect();
    for (const p of [0, 1]) expect(await client.cluster.leaderOf("derived", p)).not.toBe(await client.cluster.leaderOf("readings", p));

    const producer = kafka.producer();
    await producer.connect();
    const doc = (p: number, i: number) => JSON.stringify({ p, i, kind: i % 2 === 0 ? "keep" : "drop" });
    for (const partition of [0, 1]) {
      await producer.send({ topic: "readings", acks: -1, messages: Array.from({ length: 6 }, (_, i) => ({ value: doc(partition, i), partition })) });
    }
    await producer.disconnect();

    const expected = [0, 1].flatMap((p) => [0, 2, 4].map((i, k) => `${p} ${k} ${doc(p, i)} ${i}`));
    const read = async () => {
      const lines: string[] = [];
      for await (const r of client.consume({ topic: "derived", start: { kind: "beginning" }, exitAtEnd: true })) {
        const source = r.headers.find((h) => h.key === "freshet.source.offset")?.value;
        lines.push(`${r.partition} ${r.offset} ${Buffer.from(r.value!).toString()} ${source === null || source === undefined ? "-" : Buffer.from(source).toString()}`);
      }
      return lines.sort();
    };
    // Under load the derivation has taken 17 s to catch up; the wait ends as soon as it has.
    await eventually("the derived topic to fill", async () => ((await read()).length >= expected.length ? true : undefined), 45_000);
    expect(await read()).toEqual(expected.sort());
    for (const spu of spus) expect(spu.output()).not.toContain("before SASL authentication");
  }, 120_000);
});

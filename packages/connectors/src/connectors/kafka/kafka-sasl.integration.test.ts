/* kafka-source and kafka-sink against a broker that requires a SCRAM login. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@freshet/client/client";
import { startSpu, type RunningSpu } from "@freshet/client/internal/spu-process";
import { scramCredential } from "@freshet/engine/auth/create-credentials";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PermanentError } from "../../kit/errors.js";
import { testContext, testSourceContext } from "../../test-support/context.js";
import kafkaSink from "./kafka-sink.js";
import kafkaSource from "./kafka-source.js";

const topic = `kc-sasl-${process.pid.toString()}`;
const never = new AbortController().signal;
let home: string;
let spu: RunningSpu;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "freshet-connectors-sasl-"));
  const credentials = join(home, "credentials.json");
  await writeFile(credentials, JSON.stringify({ version: 1, users: { mirror: { "scram-sha-256": await scramCredential("mirror-secret") } } }));
  spu = await startSpu({ saslCredentials: credentials });
  const admin = createClient({ bootstrap: spu.bootstrap, sasl: { mechanism: "scram-sha-256", username: "mirror", password: "mirror-secret" } });
  await admin.admin.createTopics([{ name: topic, partitions: 1, replicationFactor: 1 }]);
  await admin.close();
});

afterAll(async () => {
  await spu?.stop();
  if (home !== undefined) await rm(home, { recursive: true, force: true });
});

describe("kafka connectors with SASL", () => {
  it("log in with scram-sha-256: the sink's record comes back through the source", async () => {
    const login = { bootstrap: spu.bootstrap, topic, sasl: { username: "mirror", password: "mirror-secret" } };
    const sink = await kafkaSink.open(testContext(kafkaSink.config.parse(login)));
    await sink.write([{ topic: "here", partition: 0, offset: 0, timestamp: 1_700_000_000_000, key: null, value: new TextEncoder().encode("over sasl"), headers: {} }], never);
    await sink.close();
    const source = await kafkaSource.open(testSourceContext(kafkaSource.config.parse(login)));
    const deadline = Date.now() + 30_000;
    let batch = await source.poll(never);
    while (batch.records.length === 0 && Date.now() < deadline) batch = await source.poll(never);
    await source.close();
    expect(batch.records.map((r) => [new TextDecoder().decode(r.value as Uint8Array), r.timestamp])).toEqual([["over sasl", 1_700_000_000_000]]);
  });

  it("fail permanently when the login is refused", async () => {
    const wrong = { bootstrap: spu.bootstrap, topic, sasl: { username: "mirror", password: "not-the-secret" } };
    const opening = kafkaSource.open(testSourceContext(kafkaSource.config.parse(wrong)));
    await expect(opening).rejects.toBeInstanceOf(PermanentError);
    await expect(opening).rejects.toThrow(new RegExp(`^${spu.bootstrap} refused the login: `));
    const sink = await kafkaSink.open(testContext(kafkaSink.config.parse(wrong)));
    await expect(sink.write([{ topic: "here", partition: 0, offset: 0, timestamp: 0, key: null, value: null, headers: {} }], never)).rejects.toBeInstanceOf(PermanentError);
    await sink.close();
    const checked = await kafkaSink.check(testContext(kafkaSink.config.parse(wrong)));
    expect(checked.ok ? "" : checked.message).toMatch(new RegExp(`^${spu.bootstrap} refused the login: `));
  });
});

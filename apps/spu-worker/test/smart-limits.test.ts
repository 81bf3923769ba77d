import { readFile } from "node:fs/promises";
import { setTimeout as pause } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { SmartConsumeError, type SmartChainStep } from "@freshet/client/consumer/smart-consume";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { Kafka, logLevel, type Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCredentials } from "./support/sasl-credentials.js";
import { eventually, makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

const modulePath = (relative: string) => fileURLToPath(new URL(`../../../packages/smartmodule/${relative}`, import.meta.url));
// The hostile fixtures the other SmartModule tests build (cached by hash), and one well-behaved module.
const MODULES = {
  "json-filter": "examples/json-filter/src/index.ts",
  "infinite-loop": "test-fixtures/hostile/infinite-loop.ts",
  trap: "test-fixtures/hostile/trap.ts",
  // The AssemblyScript guest's hostile fixtures: a compiled module is held to the same limits.
  "infinite-loop-as": "test-fixtures-assemblyscript/hostile/infinite-loop.ts",
  "memory-bomb-as": "test-fixtures-assemblyscript/hostile/memory-bomb.ts",
} as const;
const SM_TIMEOUT_MS = 3000;
const MAX_INSTANCES = 2;
const QUARANTINE_AFTER = 3;
const TRAPPED = "SmartModule 'trap' trapped: wasm `unreachable` instruction executed (an uncaught exception or exhausting the 128 MiB memory limit stops a module this way)";
const portugal: SmartChainStep[] = [{ module: "json-filter", params: { field: "country", value: "PT" } }];

let spu: SpuProcess;
let client: FreshetClient;
let producer: Producer;

beforeAll(async () => {
  spu = await startSpu({
    args: ["--sm-timeout-ms", String(SM_TIMEOUT_MS), "--sm-max-instances", String(MAX_INSTANCES), "--sm-quarantine-after", String(QUARANTINE_AFTER), "--log-level", "warn"],
  });
  client = createClient({ bootstrap: spu.bootstrap, clientId: "smart-limits" });
  for (const [name, path] of Object.entries(MODULES)) {
    const { wasm } = await buildSmartModule(modulePath(path));
    await client.admin.loadSmartModule(name, "0.1.0", wasm);
  }
  await client.admin.createTopics([
    { name: "input", partitions: 1 },
    { name: "bystander", partitions: 1 },
  ]);
  producer = new Kafka({ clientId: "smart-limits", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  await producer.send({ topic: "input", messages: [{ value: JSON.stringify({ country: "PT" }) }] });
}, 180_000);

afterAll(async () => {
  await producer?.disconnect();
  await client?.close();
  expect(await spu.stop()).toBe(0);
  await removeDataDir(spu.dataDir);
});

/** How one reader's stream ended: the broker's error name and message, or "ok" with the values read. */
async function readOnce(chain: SmartChainStep[], reader: FreshetClient = client): Promise<{ outcome: string; ms: number }> {
  const started = performance.now();
  const values: string[] = [];
  let outcome: string;
  try {
    for await (const item of reader.smartConsume({ topic: "input", chain, start: { kind: "beginning" }, exitAtEnd: true })) {
      if (item.kind === "record") values.push(Buffer.from(item.record.value!).toString());
    }
    outcome = `ok ${values.join(",")}`;
  } catch (cause) {
    if (!(cause instanceof SmartConsumeError)) throw cause;
    outcome = `${cause.errorName}: ${cause.message}`;
  }
  return { outcome, ms: Math.round(performance.now() - started) };
}

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** Produces to `bystander` about every 50 ms until stopped; returns each send's latency. */
function bystanderProducer(): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const started = performance.now();
      await producer.send({ topic: "bystander", messages: [{ value: `b${i}` }] });
      latencies.push(performance.now() - started);
      // Pacing of the load, not synchronization.
      await pause(50);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return latencies;
    },
  };
}

describe("SmartModule instances on a broker run with --sm-max-instances 2", () => {
  it("refuses looping readers beyond the limit with one sentence, while a bystander producer stays fast and the broker's memory bounded", async () => {
    const rssBefore = await rssBytes(spu.child.pid!);
    let rssPeak = rssBefore;
    const sampling = setInterval(() => void rssBytes(spu.child.pid!).then((rss) => (rssPeak = Math.max(rssPeak, rss))), 100);
    const bystander = bystanderProducer();
    const readers = await Promise.all([1, 2, 3, 4].map(() => readOnce([{ module: "infinite-loop" }])));
    const latencies = (await bystander.stop()).sort((a, b) => a - b);
    clearInterval(sampling);

    const refused = `THROTTLING_QUOTA_EXCEEDED: This broker already runs ${MAX_INSTANCES} SmartModule instances for readers, its limit; try again when other streams end`;
    const killed = `UNKNOWN_SERVER_ERROR: SmartModule 'infinite-loop' ran past its ${SM_TIMEOUT_MS} ms limit on one batch and was stopped`;
    expect(readers.map((r) => r.outcome).sort()).toEqual([refused, refused, killed, killed]);
    // Refused at once: before either admitted reader's module reached its deadline (no waiting for a place).
    const firstKill = Math.min(...readers.filter((r) => r.outcome === killed).map((r) => r.ms));
    for (const reader of readers.filter((r) => r.outcome === refused)) expect(reader.ms).toBeLessThan(firstKill);

    const median = latencies[Math.floor(latencies.length / 2)]!;
    const worst = latencies.at(-1)!;
    const grew = rssPeak - rssBefore;
    console.log(
      `[smart-limits] readers ${readers.map((r) => `${r.ms} ms`).join(", ")}; bystander produce over ${latencies.length} sends: median ${median.toFixed(1)} ms, max ${worst.toFixed(1)} ms; broker RSS ${(rssBefore / 2 ** 20).toFixed(0)} MB, peak +${(grew / 2 ** 20).toFixed(0)} MB`,
    );
    expect(latencies.length).toBeGreaterThan(10);
    // Two looping workers on a 2-core machine leave the broker's own thread enough CPU. Generous bounds for a
    // loaded host: the median catches a broker starved by runaway modules, the maximum one that stalls.
    expect(median).toBeLessThan(250);
    expect(worst).toBeLessThan(5_000);
    expect(grew).toBeLessThan(300 * 2 ** 20);

    // The places come back when the streams end: a reader gets one now.
    expect((await readOnce(portugal)).outcome).toBe(`ok ${JSON.stringify({ country: "PT" })}`);
  });

  it("quarantines a module that keeps trapping, saying until when, while other modules keep running", async () => {
    for (let run = 0; run < QUARANTINE_AFTER; run++) expect((await readOnce([{ module: "trap" }])).outcome).toBe(`UNKNOWN_SERVER_ERROR: ${TRAPPED}`);
    const asked = Date.now();
    const { outcome } = await readOnce([{ module: "trap" }]);
    const match = /^POLICY_VIOLATION: SmartModule 'trap' is quarantined until (\S+) after failing 3 times in a row \(deadline kills or traps\)$/.exec(outcome);
    expect(match, outcome).not.toBeNull();
    // The first quarantine lasts 30 s.
    const until = Date.parse(match![1]!);
    expect(until).toBeGreaterThan(asked);
    expect(until).toBeLessThanOrEqual(asked + 30_000);

    expect((await readOnce(portugal)).outcome).toBe(`ok ${JSON.stringify({ country: "PT" })}`);
    const notices = () =>
      spu
        .output()
        .split("\n")
        .filter((l) => l.includes("SmartModule quarantined after repeated failures"));
    await eventually("the quarantine notice in the broker's log", () => (notices().length > 0 ? true : undefined));
    expect(notices()).toHaveLength(1);
    expect(notices()[0]).toContain('"module":"trap"');
  });
});

describe("compiled (AssemblyScript) SmartModules on a broker", () => {
  it("stops an infinite loop at the batch deadline and a memory bomb at the memory cap, and other modules keep running", async () => {
    const loop = await readOnce([{ module: "infinite-loop-as" }]);
    expect(loop.outcome).toBe(`UNKNOWN_SERVER_ERROR: SmartModule 'infinite-loop-as' ran past its ${SM_TIMEOUT_MS} ms limit on one batch and was stopped`);
    const bomb = await readOnce([{ module: "memory-bomb-as" }]);
    expect(bomb.outcome).toBe(
      "UNKNOWN_SERVER_ERROR: SmartModule 'memory-bomb-as' trapped: wasm `unreachable` instruction executed (an uncaught exception or exhausting the 128 MiB memory limit stops a module this way)",
    );
    expect((await readOnce(portugal)).outcome).toBe(`ok ${JSON.stringify({ country: "PT" })}`);
  });
});

describe("SmartModule instances per principal on a SASL broker run with --sm-max-instances-per-principal 1", () => {
  let saslSpu: SpuProcess;
  const clients: FreshetClient[] = [];
  const clientOf = (username: string) => {
    const created = createClient({ bootstrap: saslSpu.bootstrap, clientId: `smart-limits-${username}`, sasl: { mechanism: "scram-sha-256", username, password: `${username}-secret` } });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    const dataDir = await makeDataDir();
    const credentials = await writeCredentials(dataDir, { alice: "alice-secret", bob: "bob-secret" });
    saslSpu = await startSpu({
      dataDir,
      args: ["--sasl-credentials", credentials, "--sm-timeout-ms", String(SM_TIMEOUT_MS), "--sm-max-instances-per-principal", "1", "--sm-quarantine-after", "2", "--log-level", "warn"],
    });
    const alice = clientOf("alice");
    for (const name of ["infinite-loop", "trap"] as const) await alice.admin.loadSmartModule(name, "0.1.0", (await buildSmartModule(modulePath(MODULES[name]))).wasm);
    await alice.admin.createTopics([{ name: "input", partitions: 1 }]);
    await alice.producer().send("input", [{ value: "x" }]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    expect(await saslSpu.stop()).toBe(0);
    await removeDataDir(saslSpu.dataDir);
  });

  it("refuses a principal's second looping reader, naming the principal, while another principal's reader runs", async () => {
    const [alice, bob] = [clientOf("alice"), clientOf("bob")];
    const outcomes = await Promise.all([alice, alice, bob].map((c) => readOnce([{ module: "infinite-loop" }], c)));
    const killed = `UNKNOWN_SERVER_ERROR: SmartModule 'infinite-loop' ran past its ${SM_TIMEOUT_MS} ms limit on one batch and was stopped`;
    expect(outcomes.map((o) => o.outcome).sort()).toEqual([
      "THROTTLING_QUOTA_EXCEEDED: Principal 'alice' already runs 1 SmartModule instance on this broker, the most allowed per principal; end another stream first",
      killed,
      killed,
    ]);
  });

  it("quarantines a module for the principal whose streams keep failing, not for another principal", async () => {
    const [alice, bob] = [clientOf("alice"), clientOf("bob")];
    for (let run = 0; run < 2; run++) expect((await readOnce([{ module: "trap" }], alice)).outcome).toBe(`UNKNOWN_SERVER_ERROR: ${TRAPPED}`);
    expect((await readOnce([{ module: "trap" }], alice)).outcome).toMatch(/^POLICY_VIOLATION: SmartModule 'trap' is quarantined until \S+ after failing 2 times in a row/);
    expect((await readOnce([{ module: "trap" }], bob)).outcome).toBe(`UNKNOWN_SERVER_ERROR: ${TRAPPED}`);
    const notices = () =>
      saslSpu
        .output()
        .split("\n")
        .filter((l) => l.includes("SmartModule quarantined after repeated failures"));
    await eventually("the quarantine notice in the broker's log", () => (notices().length > 0 ? true : undefined));
    expect(notices().map((l) => (JSON.parse(l) as { principal: string }).principal)).toEqual(["alice"]);
  });
});

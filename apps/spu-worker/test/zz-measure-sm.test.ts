// Ad-hoc measurement for the report (not committed): 20 looping readers, with and without the limits.
import { readFile } from "node:fs/promises";
import { setTimeout as pause } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { createClient } from "@freshet/client/client";
import { SmartConsumeError } from "@freshet/client/consumer/smart-consume";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { Kafka, logLevel } from "kafkajs";
import { expect, it } from "vitest";
import { removeDataDir, startSpu } from "./support/spu-process.js";

const modulePath = (relative: string) => fileURLToPath(new URL(`../../../packages/smartmodule/${relative}`, import.meta.url));
const rss = async (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

it.each([["unlimited", ["--sm-max-instances", "1000", "--sm-max-instances-per-principal", "1000", "--sm-quarantine-after", "1000"]], ["defaults", []]])("20 looping readers, %s", async (label, extra) => {
  const spu = await startSpu({ args: ["--log-level", "warn", ...extra] });
  const client = createClient({ bootstrap: spu.bootstrap, clientId: "m" });
  await client.admin.loadSmartModule("infinite-loop", "0.1.0", (await buildSmartModule(modulePath("test-fixtures/hostile/infinite-loop.ts"))).wasm);
  await client.admin.createTopics([{ name: "input", partitions: 1 }, { name: "bystander", partitions: 1 }]);
  const producer = new Kafka({ clientId: "m", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  await producer.send({ topic: "input", messages: [{ value: "x" }] });
  const idle: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await producer.send({ topic: "bystander", messages: [{ value: "i" }] });
    idle.push(performance.now() - t);
  }
  const before = await rss(spu.child.pid!);
  let peak = before;
  const sampler = setInterval(() => void rss(spu.child.pid!).then((r) => (peak = Math.max(peak, r))), 100);
  const lat: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      await producer.send({ topic: "bystander", messages: [{ value: "b" }] });
      lat.push(performance.now() - t);
      await pause(50);
    }
  })();
  const outcomes = await Promise.all(
    Array.from({ length: 20 }, async () => {
      try {
        for await (const _ of client.smartConsume({ topic: "input", chain: [{ module: "infinite-loop" }], start: { kind: "beginning" }, exitAtEnd: true })) void _;
        return "ok";
      } catch (cause) {
        return (cause as SmartConsumeError).errorName;
      }
    }),
  );
  running = false;
  await loop;
  clearInterval(sampler);
  lat.sort((a, b) => a - b);
  idle.sort((a, b) => a - b);
  const counts = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});
  console.log(
    `[measure ${label}] outcomes ${JSON.stringify(counts)}; idle produce median ${idle[10]!.toFixed(1)} ms; under attack median ${lat[Math.floor(lat.length / 2)]!.toFixed(1)} ms, p95 ${lat[Math.floor(lat.length * 0.95)]!.toFixed(1)} ms, max ${lat.at(-1)!.toFixed(1)} ms over ${lat.length}; RSS ${before.toFixed(0)} MB -> peak ${peak.toFixed(0)} MB`,
  );
  await producer.disconnect();
  await client.close();
  expect(await spu.stop()).toBe(0);
  await removeDataDir(spu.dataDir);
}, 180_000);

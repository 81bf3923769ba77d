import { createClient } from "@freshet/client/client";
import type { BenchModule, SmRow } from "./sm-report.js";
import { BrokerProcess } from "../systems/freshet/broker-process.js";
import { jsonValue, RECORD_BYTES } from "./json-records.js";

const TOPIC = "sm-bench";

/**
 * Consume throughput from a real SPU: every record of a topic read once plainly
 * (Fetch) and once through each module running in the SPU (SmartFetch), from the
 * beginning to the end.
 */
export async function spuRows(modules: readonly BenchModule[], count: number, log: (line: string) => void): Promise<SmRow[]> {
  const broker = await BrokerProcess.start(30_000);
  const client = createClient({ bootstrap: `${broker.host}:${broker.port}`, clientId: "sm-bench" });
  try {
    await client.admin.createTopics([{ name: TOPIC, partitions: 1, configs: { "freshet.durability": "none" } }]);
    const producer = client.producer();
    for (let from = 0; from < count; from += 1000) {
      const batch = Array.from({ length: Math.min(1000, count - from) }, (_, i) => ({ value: jsonValue(from + i), partition: 0 }));
      await producer.send(TOPIC, batch);
    }
    log(`sm bench: produced ${count} records`);
    const started = performance.now();
    let plainCount = 0;
    for await (const record of client.consume({ topic: TOPIC, start: { kind: "beginning" }, exitAtEnd: true })) plainCount += record.value === null ? 0 : 1;
    const plainRate = plainCount / ((performance.now() - started) / 1000);
    const rows: SmRow[] = [{ where: "SPU consume", logic: "no SmartModule (Fetch)", records: count, outputs: plainCount, rate: plainRate, baseline: plainRate, recordBytes: RECORD_BYTES }];
    for (const module of modules) {
      await client.admin.loadSmartModule(module.name, "0.1.0", module.wasm);
      const t0 = performance.now();
      let outputs = 0;
      const chain = [{ module: module.name, params: module.params }];
      for await (const item of client.smartConsume({ topic: TOPIC, chain, start: { kind: "beginning" }, exitAtEnd: true })) if (item.kind === "record") outputs++;
      const rate = count / ((performance.now() - t0) / 1000);
      rows.push({ where: "SPU consume", logic: `${module.label} (SmartModule in SPU, ${module.guest})`, records: count, outputs, rate, baseline: plainRate, recordBytes: RECORD_BYTES });
    }
    return rows;
  } finally {
    await client.close();
    await broker.stop();
  }
}

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CompiledSmartModule } from "@freshet/smartmodule/host/compiled-module";
import type { ModuleInstance } from "@freshet/smartmodule/host/module-instance";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { packRecords } from "@freshet/smartmodule/packed/packed-writer";
import { unpackRecords } from "@freshet/smartmodule/packed/packed-reader";
import { DEFAULT_RUNTIME_LIMITS } from "@freshet/smartmodule/runtime-node";
import { readBatchHeader } from "@freshet/protocol/records/batch-header";
import { buildRecordBatch } from "@freshet/protocol/records/build-batch";
import type { SmartFetchRequest, SmartFetchResponse } from "@freshet/protocol/messages/freshet/smart-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrokerContext } from "../handlers/broker-context.js";
import { smartFetchHandler } from "../handlers/smart-fetch.js";
import { openTestLog } from "../log/test-support/open-test-log.js";
import { createMetricsRegistry } from "../metrics/registry.js";
import type { RequestContext } from "../server/handler.js";
import { silentLogger } from "../system/logger.js";
import { ManualClock } from "../system/test-support/manual-clock.js";
import { Partition } from "../topics/partition.js";
import type { TopicsView } from "../topics/topics-view.js";
import { UsageMeter } from "../metrics/usage-meter.js";
import { registerUsageMetrics } from "../metrics/usage-metrics.js";
import { FileRegistry } from "./file-registry.js";
import { meteredFactory } from "./metered-instance.js";
import { ChainOpener } from "./open-chain.js";

const record = (offset: number, country: string) => ({ offset, timestamp: 0, key: null, value: Buffer.from(JSON.stringify({ country })), headers: [] });

let dir: string;
let registry: FileRegistry;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "freshet-metered-instance-"));
  registry = await FileRegistry.open(dir);
  const loaded = await registry.load("json-filter", "0.1.0", (await buildSmartModule(examplePath("json-filter"))).wasm);
  expect(loaded.ok).toBe(true);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("metered SmartModule instances", () => {
  it("count records in and out and the time spent per module version, under the registry's name and version", async () => {
    const usage = new UsageMeter();
    const metrics = createMetricsRegistry();
    registerUsageMetrics(metrics, { list: () => [], local: () => undefined }, usage);
    const chains = new ChainOpener(registry, DEFAULT_RUNTIME_LIMITS, { usage });
    try {
      // The step names the module without a version: the resolved one is what is counted.
      const chain = await chains.open([{ module: "json-filter", params: { field: "country", value: "PT" } }]);
      const countries = ["PT", "SE", "PT", "ES", "PT", "FR", "DE"];
      let kept = 0;
      for (let round = 0; round < 3; round++) {
        const out = await chain.process(packRecords(countries.map((country, i) => record(round * 10 + i, country))));
        kept += unpackRecords(out.records).length;
      }
      await chain.close();
      expect(kept).toBe(9);

      const counted = usage.module("json-filter", "0.1.0");
      expect(counted.recordsIn).toBe(21);
      expect(counted.recordsOut).toBe(9);
      expect(counted.cpuSeconds).toBeGreaterThan(0);
      // Timed around the call inside the worker: well under a second for 21 small records.
      expect(counted.cpuSeconds).toBeLessThan(1);
      const text = await metrics.metrics();
      const labels = `smartmodule="json-filter",version="0.1.0",incarnation="${usage.incarnation}"`;
      expect(text).toContain(`freshet_smartmodule_records_total{${labels},direction="in"} 21`);
      expect(text).toContain(`freshet_smartmodule_records_total{${labels},direction="out"} 9`);
      expect(text).toContain(`freshet_smartmodule_cpu_seconds_total{${labels}} ${counted.cpuSeconds}`);
    } finally {
      await chains.close();
    }
  });

  it("count records a module reports as errors, and calls that fail, per module version", async () => {
    const usage = new UsageMeter();
    const metrics = createMetricsRegistry();
    registerUsageMetrics(metrics, { list: () => [], local: () => undefined }, usage);
    const chains = new ChainOpener(registry, DEFAULT_RUNTIME_LIMITS, { usage });
    try {
      const chain = await chains.open([{ module: "json-filter", params: { field: "country", value: "PT" } }]);
      const notJson = { offset: 1, timestamp: 0, key: null, value: Buffer.from("not json"), headers: [] };
      const out = await chain.process(packRecords([record(0, "PT"), notJson, record(2, "SE")]));
      await chain.close();
      expect(out.errors).toHaveLength(1);
    } finally {
      await chains.close();
    }
    // A call that fails (here an instance whose worker died) counts as a failed call, and no records.
    const broken = { manifest: {}, init: () => Promise.resolve(), process: () => Promise.reject(new Error("trap")), close: () => Promise.resolve() } as unknown as ModuleInstance;
    const instance = await meteredFactory(() => Promise.resolve(broken), usage.module("json-filter", "0.1.0"))({} as CompiledSmartModule, "json-filter");
    await expect(instance.process(packRecords([record(3, "PT")]), new Uint8Array(0))).rejects.toThrow("trap");

    const labels = `smartmodule="json-filter",version="0.1.0",incarnation="${usage.incarnation}"`;
    const text = await metrics.metrics();
    expect(text).toContain(`freshet_smartmodule_errors_total{${labels},kind="record"} 1`);
    expect(text).toContain(`freshet_smartmodule_errors_total{${labels},kind="call"} 1`);
    expect(text).toContain(`freshet_smartmodule_records_total{${labels},direction="in"} 3`);
  });

  it("count a SmartFetch's output, not what the chain read, as the partition's fetched bytes and records", async () => {
    const usage = new UsageMeter();
    const chains = new ChainOpener(registry, DEFAULT_RUNTIME_LIMITS, { usage });
    const clock = new ManualClock(10_000);
    const { log } = await openTestLog({ durability: { mode: "none" } }, { clock });
    const partition = new Partition("orders", 0, log, clock);
    await partition.becomeLeader(1, [0], [0]);
    const batch = await buildRecordBatch({ records: ["PT", "SE", "PT", "ES"].map((country) => ({ value: Buffer.from(JSON.stringify({ country })), timestamp: 1 })) });
    expect((await partition.append(batch, readBatchHeader(batch))).ok).toBe(true);
    const topics: Partial<TopicsView> = { local: (name, index) => (name === "orders" && index === 0 ? partition : undefined) };
    const ctx = { topics, chains, settings: {}, resources: { logger: silentLogger, clock }, usage } as unknown as BrokerContext;
    const request: SmartFetchRequest = {
      sessionId: 0,
      topic: "orders",
      partition: 0,
      fetchOffset: 0n,
      maxBytes: 1 << 20,
      maxWaitMs: 0,
      chain: [
        {
          module: "json-filter",
          params: [
            { name: "field", value: "country" },
            { name: "value", value: "PT" },
          ],
        },
      ],
      accumulators: null,
    };
    const context = { connectionId: 1, abandoned: new Promise<void>(() => undefined), header: { apiVersion: 0 } } as unknown as RequestContext;
    try {
      const response = (await smartFetchHandler(ctx).handle(request, context)) as SmartFetchResponse;
      expect(response.errorCode).toBe(0);
      expect(unpackRecords(response.records).map((r) => r.offset)).toEqual([0, 2]);
      expect(usage.partition("orders", 0)).toMatchObject({ fetchedBytes: response.records.byteLength, fetchedRecords: 2 });
      expect(response.records.byteLength).toBeLessThan(batch.byteLength);
    } finally {
      await chains.close();
      await log.close();
    }
  });
});

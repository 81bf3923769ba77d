import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { beforeAll, describe, expect, it } from "vitest";
import { compileDataflow, DataflowCompileError } from "../graph/index.js";
import { jsonRecord, specOf } from "../graph/test-support/records.js";

const modules = new Map<string, Uint8Array>();

beforeAll(async () => {
  for (const name of ["json-filter", "array-explode"] as const) modules.set(`${name}.wasm`, (await buildSmartModule(examplePath(name))).wasm);
}, 60_000);

const load = (module: string) => modules.get(module)!;

describe("SmartModule steps", () => {
  it("filters with a module, then windows what passes without any of it arriving late", async () => {
    const graph = compileDataflow(
      specOf({
        sources: { s: { topic: "s", key: "k", eventTime: "t" } },
        operators: {
          pt: { from: "s", filter: { smartmodule: "json-filter.wasm", params: { field: "country", value: "PT" } } },
          c: { from: "pt", aggregate: { window: { tumbling: { size: 10 } }, fields: { n: { count: true } } } },
        },
        sinks: { out: { from: "c", topic: "o" }, raw: { from: "pt", topic: "r" } },
      }),
      { smartModules: load },
    );
    try {
      await graph.process([
        jsonRecord("s", 0, 0, { k: "a", t: 1, country: "PT" }),
        jsonRecord("s", 0, 1, { k: "a", t: 2, country: "ES" }),
        jsonRecord("s", 0, 2, { k: "a", t: 3, country: "PT" }),
        jsonRecord("s", 0, 3, { k: "a", t: 25, country: "PT" }),
      ]);
      const { outputs } = graph.drain();
      expect(outputs.filter((o) => o.sink === "raw").map((o) => [o.id, o.key, o.value])).toEqual([
        ["s:0:0:0", "a", { k: "a", t: 1, country: "PT" }],
        ["s:0:2:0", "a", { k: "a", t: 3, country: "PT" }],
        ["s:0:3:0", "a", { k: "a", t: 25, country: "PT" }],
      ]);
      expect(outputs.filter((o) => o.sink === "out").map((o) => [o.id, (o.value as { n: number }).n])).toEqual([["c:a:0", 2]]);
      expect(graph.stats().find((s) => s.id === "c")!.lateDropped).toBe(0);
      expect(graph.stats().find((s) => s.id === "pt")).toMatchObject({ kind: "filter", recordsIn: 4, recordsOut: 3 });
    } finally {
      await graph.close();
    }
  });

  it("numbers a flatMap module's outputs and counts the records it fails on", async () => {
    const graph = compileDataflow(
      specOf({
        sources: { s: { topic: "s", format: "text" } },
        operators: { each: { from: "s", flatMap: { smartmodule: "array-explode.wasm" } } },
        sinks: { out: { from: "each", topic: "o" } },
      }),
      { smartModules: load },
    );
    const utf8 = new TextEncoder();
    const text = (offset: number, value: string) => ({ source: "s", partition: 0, offset: BigInt(offset), key: null, value: utf8.encode(value), timestamp: offset });
    try {
      await graph.process([text(0, "[1, 2]"), text(1, "{}"), text(2, '["x"]')]);
      expect(graph.drain().outputs.map((o) => [o.id, o.value])).toEqual([
        ["s:0:0:0", 1],
        ["s:0:0:1", 2],
        ["s:0:2:0", "x"],
      ]);
      expect(graph.stats().find((s) => s.id === "each")!.errors).toBe(1);
    } finally {
      await graph.close();
    }
  });

  it("needs a module loader", () => {
    expect(() => compileDataflow(specOf({ sources: { s: { topic: "s" } }, operators: { f: { from: "s", filter: { smartmodule: "x.wasm" } } }, sinks: { o: { from: "f", topic: "o" } } }))).toThrow(
      DataflowCompileError,
    );
  });
});

import { describe, expect, it } from "vitest";
import { buildSmartModule } from "./build/build-module.js";
import { unpackRecords } from "./packed/packed-reader.js";
import { packRecords } from "./packed/packed-writer.js";
import { DEFAULT_RUNTIME_LIMITS, openNodeChain } from "./runtime-node.js";
import { EXAMPLE_CASES } from "./test-support/example-cases.js";
import { runBatches } from "./test-support/run-example-case.js";
import { examplePath, LANGUAGES, QUICKJS_EXAMPLE } from "./test-support/test-modules.js";

describe("example modules on Node", () => {
  // Both guests are held to the same records and messages: the AssemblyScript ports must behave exactly as the JS modules.
  for (const language of LANGUAGES)
    for (const c of EXAMPLE_CASES) {
      it(`${c.title} (${language})`, async () => {
        const { wasm } = await buildSmartModule(examplePath(c.example, language));
        const chain = await openNodeChain([{ name: c.example, module: wasm, params: c.params }]);
        const result = await runBatches(chain, c.batches);
        expect(result.batches).toEqual(c.expected.map((b) => ({ lines: b.lines, errors: b.errors })));
        expect(result.accumulators).toEqual(c.accumulators);
      });
    }

  for (const language of LANGUAGES) {
    it(`resumes an aggregate from a saved accumulator and chains steps (${language})`, async () => {
      const extract = await buildSmartModule(examplePath("field-extract", language));
      const sum = await buildSmartModule(examplePath("running-sum", language));
      const chain = await openNodeChain(
        [
          { name: "field-extract", module: extract.wasm, params: [["field", "reading"]] },
          { name: "running-sum", module: sum.wasm, params: [["field", "celsius"]] },
        ],
        undefined,
        [new Uint8Array(0), new TextEncoder().encode('{"count":10,"sum":100}')],
      );
      const result = await runBatches(chain, ['{"reading":{"celsius":5}}\n{"other":1}\n{"reading":{"celsius":-1}}\n']);
      expect(result.batches).toEqual([{ lines: ['{"offset":0,"value":{"count":11,"sum":105}}', '{"offset":2,"value":{"count":12,"sum":104}}'], errors: [] }]);
      expect(result.accumulators).toEqual(["", '{"count":12,"sum":104}']);
    });

    it(`refuses parameters the module does not declare, and missing required ones (${language})`, async () => {
      const { wasm } = await buildSmartModule(examplePath("regex-filter", language));
      await expect(
        openNodeChain([
          {
            name: "regex-filter",
            module: wasm,
            params: [
              ["pattern", "x"],
              ["colour", "red"],
            ],
          },
        ]),
      ).rejects.toMatchObject({
        kind: "invalid-params",
        message: "unknown parameter 'colour' for SmartModule 'regex-filter' (it accepts: pattern, flags, invert)",
      });
      await expect(openNodeChain([{ name: "regex-filter", module: wasm, params: [] }])).rejects.toMatchObject({
        kind: "invalid-params",
        message: "parameter 'pattern' is required by SmartModule 'regex-filter' (a JavaScript regular expression)",
      });
    });
  }

  for (const c of EXAMPLE_CASES.filter((e) => e.example === QUICKJS_EXAMPLE)) {
    it(`${c.title} (built with QuickJS)`, async () => {
      const { wasm } = await buildSmartModule(examplePath(c.example), undefined, "quickjs");
      const chain = await openNodeChain([{ name: c.example, module: wasm, params: c.params }]);
      const result = await runBatches(chain, c.batches);
      // The engines word their own errors (JSON.parse's, say) differently: the kind of error must match.
      const errorKinds = (errors: readonly { offset: number; message: string }[]) => errors.map((e) => ({ offset: e.offset, kind: e.message.split(":")[0] }));
      expect(result.batches.map((b) => ({ lines: b.lines, errors: errorKinds(b.errors) }))).toEqual(c.expected.map((b) => ({ lines: b.lines, errors: errorKinds(b.errors) })));
    });
  }

  it("an AssemblyScript module collects its garbage within a batch that makes more than its memory limit of it", async () => {
    const { wasm } = await buildSmartModule(examplePath("pii-mask", "assemblyscript"));
    const chain = await openNodeChain([{ name: "pii-mask", module: wasm, params: [["fields", "email"]] }], { ...DEFAULT_RUNTIME_LIMITS, memoryLimitBytes: 16 * 2 ** 20 });
    const value = new TextEncoder().encode(JSON.stringify({ email: "a@b.c", note: "x".repeat(2000) }));
    // 1,000 records of 2 kB: each parse, mask and stringify leaves over 10 kB behind, more than the 16 MiB in all.
    const records = Array.from({ length: 1_000 }, (_, offset) => ({ offset, timestamp: 0, key: null, value, headers: [] }));
    try {
      const out = await chain.process(packRecords(records));
      const masked = unpackRecords(out.records);
      expect(masked).toHaveLength(1_000);
      expect(JSON.parse(new TextDecoder().decode(masked[999]!.value!))).toEqual({ email: "***", note: "x".repeat(2000) });
    } finally {
      await chain.close();
    }
  });
});

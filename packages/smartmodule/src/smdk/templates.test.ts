import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openNodeChain } from "../runtime-node.js";
import { runBatches } from "../test-support/run-example-case.js";
import { buildProject } from "./build-project.js";
import { scaffoldModule } from "./scaffold.js";

/*
 * Every AssemblyScript template scaffolded, built as `freshet sm build` builds it
 * and run on its sample records: the same outputs the TypeScript templates give in
 * apps/cli/src/sm.e2e.test.ts.
 */
const TEMPLATES = [
  { kind: "filter", params: [], output: ['{"offset":0,"value":"error: disk full"}', '{"offset":2,"key":"web-1","value":"error: timeout"}'] },
  { kind: "map", params: [["prefix", "> "]], output: ['{"offset":0,"value":"> HELLO"}', '{"offset":1,"key":"k1","value":"> WORLD"}'] },
  { kind: "filter-map", params: [], output: ['{"offset":0,"value":"padded"}', '{"offset":2,"value":"tight"}'] },
  { kind: "array-map", params: [], output: ['{"offset":0,"value":"the"}', '{"offset":0,"value":"quick"}', '{"offset":0,"value":"fox"}', '{"offset":2,"key":"k","value":"jumps"}'] },
  {
    kind: "aggregate",
    params: [],
    output: ['{"offset":0,"value":{"records":1,"bytes":3}}', '{"offset":1,"value":{"records":2,"bytes":5}}', '{"offset":2,"key":"k","value":{"records":3,"bytes":10}}'],
  },
] as const;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "freshet-as-templates-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe("AssemblyScript templates", () => {
  for (const { kind, params, output } of TEMPLATES) {
    it(`the ${kind} template builds and runs on its sample records`, async () => {
      const dir = join(work, `my-${kind}`);
      const created = await scaffoldModule(dir, kind, "assemblyscript");
      expect(created).toEqual({ ok: true, dir, files: ["README.md", "package.json", "records.jsonl", "src/index.ts"] });
      expect((await readFile(join(dir, "README.md"), "utf8")).split("\n")[0]).toBe(`# my-${kind}`);
      const built = await buildProject(dir);
      expect(await readFile(join(dir, "dist", `my-${kind}.wasm`))).toEqual(Buffer.from(built.wasm));
      const chain = await openNodeChain([{ name: `my-${kind}`, module: built.wasm, params: params.map(([k, v]) => [k, v] as [string, string]) }]);
      const result = await runBatches(chain, [await readFile(join(dir, "records.jsonl"), "utf8")]);
      expect(result.batches).toEqual([{ lines: output, errors: [] }]);
    });
  }

  it("reports a module that does not compile with asc's own message", async () => {
    const dir = join(work, "broken");
    await scaffoldModule(dir, "filter", "assemblyscript");
    const source = join(dir, "src/index.ts");
    await import("node:fs/promises").then(async (fs) => fs.writeFile(source, (await fs.readFile(source, "utf8")).replace("record.valueText()", "record.valueTxt()")));
    await expect(buildProject(dir)).rejects.toThrow(/cannot compile .*src\/index\.ts:\nERROR TS2339: Property 'valueTxt' does not exist on type/);
  });
});

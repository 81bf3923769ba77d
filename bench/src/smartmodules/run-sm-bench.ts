import { fileURLToPath } from "node:url";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { edgeRows } from "./edge-rows.js";
import { plainFilter, plainMap } from "./plain-logic.js";
import type { BenchModule, SmRow } from "./sm-report.js";
import { spuRows } from "./spu-rows.js";

/*
 * The SmartModule benchmark (`npm run bench:sm -- [--records N] [--batch N]`: a filter and a map SmartModule
 * over 200-byte JSON records, in plain JavaScript, at the edge and in the SPU, and
 * consume throughput with and without a SmartModule, in one table.
 */
const example = (name: string) => fileURLToPath(new URL(`../../../packages/smartmodule/examples/${name}/src/index.ts`, import.meta.url));
const assemblyScriptExample = (name: string) => fileURLToPath(new URL(`../../../packages/smartmodule/examples-assemblyscript/${name}/src/index.ts`, import.meta.url));

export async function runSmBench(records: number, batch: number, log: (line: string) => void): Promise<SmRow[]> {
  const modules: BenchModule[] = [
    { name: "json-filter", label: "filter type=click", guest: "JS", wasm: (await buildSmartModule(example("json-filter"))).wasm, params: { field: "type", value: "click" }, plain: plainFilter },
    { name: "pii-mask", label: "map: mask email", guest: "JS", wasm: (await buildSmartModule(example("pii-mask"))).wasm, params: { fields: "email" }, plain: plainMap },
    // The same two modules ported to AssemblyScript: a compiled guest beside the JS one.
    {
      name: "json-filter-as",
      label: "filter type=click",
      guest: "AssemblyScript",
      wasm: (await buildSmartModule(assemblyScriptExample("json-filter"))).wasm,
      params: { field: "type", value: "click" },
      plain: plainFilter,
    },
    { name: "pii-mask-as", label: "map: mask email", guest: "AssemblyScript", wasm: (await buildSmartModule(assemblyScriptExample("pii-mask"))).wasm, params: { fields: "email" }, plain: plainMap },
  ];
  log(`sm bench: ${records} records of 200 B, batches of ${batch}`);
  return [...(await edgeRows(modules, records, batch)), ...(await spuRows(modules, records, log))];
}

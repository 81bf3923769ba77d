import { openNodeChain } from "@freshet/smartmodule/runtime-node";
import { packRecords } from "@freshet/smartmodule/packed/packed-writer";
import { unpackRecords } from "@freshet/smartmodule/packed/packed-reader";
import type { SmartRecord } from "@freshet/smartmodule/record";
import type { BenchModule, SmRow } from "./sm-report.js";
import { jsonRecords, RECORD_BYTES } from "./json-records.js";

/** Runs `work` over consecutive slices of `records`; returns input records per second and the outputs counted. */
async function throughput(records: readonly SmartRecord[], batch: number, work: (slice: readonly SmartRecord[]) => Promise<number> | number) {
  let outputs = 0;
  const started = performance.now();
  for (let from = 0; from < records.length; from += batch) outputs += await work(records.slice(from, from + batch));
  return { rate: records.length / ((performance.now() - started) / 1000), outputs };
}

/**
 * The same logic three ways in this process: plain JavaScript, and the module
 * through the Node edge runtime (a worker thread per step; packing and unpacking
 * included, as a client applying a chain pays both).
 */
export async function edgeRows(modules: readonly BenchModule[], count: number, batch: number): Promise<SmRow[]> {
  const records = jsonRecords(count);
  const rows: SmRow[] = [];
  // Each logic's plain JavaScript is measured once, the baseline of every guest running it.
  const plainRuns = new Map<string, { rate: number; outputs: number }>();
  for (const module of modules) {
    let plain = plainRuns.get(module.label);
    if (plain === undefined) {
      plain = await throughput(records, batch, (slice) => module.plain(slice).length);
      plainRuns.set(module.label, plain);
      rows.push({ where: "in process", logic: `${module.label} (plain JS)`, records: count, outputs: plain.outputs, rate: plain.rate, baseline: plain.rate, recordBytes: RECORD_BYTES });
    }
    const chain = await openNodeChain([{ name: module.name, module: module.wasm, params: Object.entries(module.params) }]);
    try {
      // One warm-up batch: the first call pays for the instance's lazy start-up.
      await chain.process(packRecords(records.slice(0, batch)));
      const edge = await throughput(records, batch, async (slice) => unpackRecords((await chain.process(packRecords(slice))).records).length);
      if (edge.outputs !== plain.outputs) throw new Error(`${module.name} at the edge gave ${edge.outputs} records, plain JS ${plain.outputs}`);
      rows.push({
        where: "edge (Node worker)",
        logic: `${module.label} (SmartModule, ${module.guest})`,
        records: count,
        outputs: edge.outputs,
        rate: edge.rate,
        baseline: plain.rate,
        recordBytes: RECORD_BYTES,
      });
    } finally {
      await chain.close();
    }
  }
  return rows;
}

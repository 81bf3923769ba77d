/**
 * Runs example cases through an opened chain and reports what came out, as JSON
 * lines. Free of Node APIs: the Chromium test bundles it into the page.
 */
import type { ChainOutput } from "../chain/chain.js";
import { formatRecordLine, parseRecordLines } from "../local/record-lines.js";
import { unpackRecords } from "../packed/packed-reader.js";
import { packRecords } from "../packed/packed-writer.js";

export interface CaseChain {
  process(batch: Uint8Array): Promise<ChainOutput>;
  readonly accumulators: Uint8Array[];
  close(): Promise<void>;
}

export interface CaseResult {
  readonly batches: { lines: string[]; errors: { offset: number; message: string }[] }[];
  readonly accumulators: string[];
}

/** Feeds each batch (JSON-lines text) through the chain in order, then closes it. */
export async function runBatches(chain: CaseChain, batches: readonly string[]): Promise<CaseResult> {
  const decoder = new TextDecoder();
  const results: CaseResult["batches"] = [];
  try {
    for (const text of batches) {
      const input = parseRecordLines(text);
      if (!input.ok) throw new Error(input.message);
      const out = await chain.process(packRecords(input.records));
      results.push({ lines: unpackRecords(out.records).map(formatRecordLine), errors: out.errors.map((e) => ({ offset: e.offset, message: e.message })) });
    }
    return { batches: results, accumulators: chain.accumulators.map((a) => decoder.decode(a)) };
  } finally {
    await chain.close();
  }
}

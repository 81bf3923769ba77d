import { readFile } from "node:fs/promises";
import { isNode, LineCounter, parseDocument } from "yaml";
import type { DataflowSpec } from "../spec/dataflow-spec.js";
import { parseDataflowSpec } from "../spec/parse-spec.js";

/** A document that cannot run: the message is one sentence naming the file, the line and the field. */
export class DataflowConfigError extends Error {}

export interface LoadedDocument {
  readonly spec: DataflowSpec;
  /** The 1-based line of the field at `path` (e.g. "operators.big.filter"), or of its nearest existing parent. */
  lineOf(path: string): number;
}

/** Reads and validates a dataflow document; the first problem becomes a DataflowConfigError (`FILE:LINE: path: message`). */
export async function loadDataflowDocument(configPath: string): Promise<LoadedDocument> {
  const text = await readFile(configPath, "utf8").catch((cause: unknown) => {
    throw new DataflowConfigError(`cannot read the dataflow document ${configPath}: ${(cause as Error).message}`, { cause });
  });
  const parsed = parseDataflowSpec(text);
  if (!parsed.ok) {
    const first = parsed.errors[0];
    throw new DataflowConfigError(first === undefined ? `${configPath}: the document is not valid` : `${configPath}:${first.line.toString()}: ${first.message}`);
  }
  if (parsed.spec.cluster === undefined) throw new DataflowConfigError(`${configPath}:1: cluster: the cluster to connect to (cluster.bootstrap) is required`);
  return {
    spec: parsed.spec,
    lineOf: (path) => {
      const lines = new LineCounter();
      const document = parseDocument(text, { lineCounter: lines });
      const keys = path.split(".");
      for (let depth = keys.length; depth > 0; depth--) {
        const node = document.getIn(keys.slice(0, depth), true);
        if (isNode(node) && node.range !== undefined && node.range !== null) return lines.linePos(node.range[0]).line;
      }
      return 1;
    },
  };
}

import { readFile } from "node:fs/promises";
import { parseDataflowSpec } from "../spec/parse-spec.js";
import type { DataflowSpec } from "../spec/dataflow-spec.js";

/** A document that cannot run: the message is one sentence naming the file, the line and the field. */
export class DataflowConfigError extends Error {}

/** Reads and validates a dataflow document; the first problem becomes a DataflowConfigError (`FILE:LINE: path: message`). */
export async function loadDataflowDocument(configPath: string): Promise<DataflowSpec> {
  const text = await readFile(configPath, "utf8").catch((cause: unknown) => {
    throw new DataflowConfigError(`cannot read the dataflow document ${configPath}: ${(cause as Error).message}`, { cause });
  });
  const parsed = parseDataflowSpec(text);
  if (!parsed.ok) {
    const first = parsed.errors[0];
    throw new DataflowConfigError(first === undefined ? `${configPath}: the document is not valid` : `${configPath}:${first.line.toString()}: ${first.message}`);
  }
  if (parsed.spec.cluster === undefined) throw new DataflowConfigError(`${configPath}:1: cluster: the cluster to connect to (cluster.bootstrap) is required`);
  return parsed.spec;
}

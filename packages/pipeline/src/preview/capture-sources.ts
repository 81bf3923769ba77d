import { captureSource, captureTarget } from "@freshet/connectors/capture";
import type { SourceRecord } from "@freshet/connectors/kit";
import type { DataflowInput } from "@freshet/dataflow/graph";
import type { Logger } from "pino";
import type { NodeSamples } from "./node-samples.js";
import type { CapturedSource } from "./preview-plan.js";

const utf8 = new TextEncoder();

export interface CaptureRun {
  /** Sources whose connector runs in capture mode; the others are read from their topic. */
  readonly capturing: ReadonlySet<string>;
  /** Settles once every capture closed. */
  readonly done: Promise<void>;
}

interface CaptureDeps {
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly node: (id: string) => NodeSamples;
  readonly accept: (inputs: readonly DataflowInput[]) => void;
}

function bytes(value: Uint8Array | string | null | undefined): Uint8Array | null {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? utf8.encode(value) : value;
}

/**
 * Starts each source connector in capture mode, its records handed to the preview as partition 0
 * of its source. A connector that cannot be captured (or whose config is wrong) is said so on its
 * node, and its topic is read instead.
 */
export async function captureSources(sources: readonly CapturedSource[], deps: CaptureDeps): Promise<CaptureRun> {
  const capturing = new Set<string>();
  const runs: Promise<void>[] = [];
  for (const source of sources) {
    const target = await captureTarget(source.type, source.config);
    if (!target.ok) {
      deps.node(source.id).error(`${target.message}; showing its topic's records instead`);
      continue;
    }
    capturing.add(source.id);
    let offset = 0n;
    const run = captureSource({
      connector: target.connector,
      settings: target.settings,
      name: source.connectorName,
      logger: deps.logger,
      signal: deps.signal,
      onRecords: (records: readonly SourceRecord[], rejected) => {
        const now = Date.now();
        for (const r of rejected) deps.node(source.id).error(`rejected a record: ${r.error}`);
        deps.accept(records.map((r) => ({ source: source.id, partition: 0, offset: offset++, key: bytes(r.key), value: bytes(r.value), timestamp: r.timestamp ?? now })));
      },
      onProblem: (message) => deps.node(source.id).error(message),
    }).catch((error: unknown) => {
      if (!deps.signal.aborted) deps.node(source.id).error(`the ${source.type} connector stopped: ${(error as Error).message}`);
    });
    runs.push(run);
  }
  return { capturing, done: Promise.all(runs).then(() => undefined) };
}

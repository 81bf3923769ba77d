import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseDataflowSpec, type DataflowSpec } from "@freshet/dataflow/spec";
import type { Document } from "yaml";
import type { EventKind } from "./nexmark/model.js";

/** The topic each kind of Nexmark event is preloaded into; the query documents read these. */
export const INPUT_TOPICS: Readonly<Record<EventKind, string>> = { person: "nexmark-person", auction: "nexmark-auction", bid: "nexmark-bid" };

export interface NexmarkQuery {
  readonly name: string;
  readonly what: string;
  /** Flink 1.13's published Nexmark throughput per core, records/s (nexmark/nexmark README; 8 cores). */
  readonly flinkPerCore: number;
}

/** The queries of issue 16, in the table's order; each has bench/nexmark/<name>.yaml. */
export const QUERIES: readonly NexmarkQuery[] = [
  { name: "q0", what: "pass-through", flinkPerCore: 155_020 },
  { name: "q1", what: "map (price in euros)", flinkPerCore: 157_940 },
  { name: "q2", what: "filter (auction % 123)", flinkPerCore: 175_210 },
  { name: "q4", what: "avg winning price by category", flinkPerCore: 34_330 },
  { name: "q5", what: "hot items (hopping 10s/2s, top-1)", flinkPerCore: 22_140 },
  { name: "q7", what: "highest bid (tumbling 10s)", flinkPerCore: 12_330 },
  { name: "q8", what: "new users (interval join)", flinkPerCore: 146_140 },
];

const QUERY_DIR = fileURLToPath(new URL("../../nexmark/", import.meta.url));

/** A query's document, validated, with what the runner needs to know about it. */
export interface LoadedQuery {
  readonly query: NexmarkQuery;
  readonly spec: DataflowSpec;
  readonly document: Document;
  /** The Nexmark topics its sources read (a topic read by two sources counts once). */
  readonly inputTopics: readonly string[];
  /** Its one topic sink's topic. */
  readonly outputTopic: string;
  /** The operator (or source) that topic sink takes its records from. */
  readonly outputFrom: string;
}

export async function loadQuery(query: NexmarkQuery): Promise<LoadedQuery> {
  const path = `${QUERY_DIR}${query.name}.yaml`;
  const parsed = parseDataflowSpec(await readFile(path, "utf8"));
  if (!parsed.ok) throw new Error(`${path}: ${parsed.errors.map((e) => `line ${e.line.toString()}: ${e.message}`).join("; ")}`);
  const { spec, document } = parsed;
  const sinks = Object.values(spec.sinks).filter((sink) => sink.topic !== undefined);
  if (sinks.length !== 1) throw new Error(`${path}: a Nexmark query has exactly one topic sink`);
  const known = new Set(Object.values(INPUT_TOPICS));
  const inputTopics = [...new Set(Object.values(spec.sources).map((source) => source.topic))];
  for (const topic of inputTopics) if (!known.has(topic)) throw new Error(`${path}: the source topic ${topic} is none of the Nexmark topics (${[...known].join(", ")})`);
  return { query, spec, document, inputTopics, outputTopic: sinks[0]!.topic!, outputFrom: sinks[0]!.from };
}

/** The query's document as the dataflow process reads it: the bench's cluster and its own output topic. */
export function renderForRun(loaded: LoadedQuery, bootstrap: string, outputTopic: string): string {
  const document = loaded.document.clone();
  document.setIn(["cluster"], document.createNode({ bootstrap }));
  const sink = Object.entries(loaded.spec.sinks).find(([, s]) => s.topic !== undefined)![0];
  document.setIn(["sinks", sink, "topic"], outputTopic);
  return document.toString();
}

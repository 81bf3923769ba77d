import type { NodeSection } from "@freshet/pipeline/graph";

/** One thing the palette offers: what it adds to the document when dropped on the canvas. */
export interface PaletteEntry {
  /** Unique within the palette; carried by the drag. */
  readonly key: string;
  readonly group: "Connectors" | "Topics" | "SmartModules" | "Operators" | "Sinks";
  readonly label: string;
  readonly description: string;
  readonly section: NodeSection;
  /** The new node's name, made unique with a number when taken. */
  readonly idBase: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface ConnectorTypeInfo {
  readonly type: string;
  readonly kind: "source" | "sink";
  readonly description: string;
}

export interface SmartModuleInfo {
  readonly name: string;
  readonly kind: string;
  readonly description: string | null;
  readonly params: readonly { readonly name: string; readonly default: string | null }[];
}

/*
 * New operator bodies are the smallest valid ones, so a dropped node shows what to fill in: its
 * `from` comes from connecting it. CEL expressions see the value's fields by name.
 */
const OPERATORS: readonly Omit<PaletteEntry, "group" | "section">[] = [
  { key: "op:filter", label: "Filter", description: "Keep the records an expression is true for.", idBase: "filter", body: { filter: "true" } },
  { key: "op:map", label: "Map", description: "Reshape each record: output fields from expressions.", idBase: "map", body: { map: { value: "_record" } } },
  { key: "op:keyBy", label: "Key by", description: "Re-key records by an expression (before an aggregate).", idBase: "key-by", body: { keyBy: "_key" } },
  {
    key: "op:aggregate",
    label: "Window aggregate",
    description: "Count, sum, min, max, avg or percentiles per key and window.",
    idBase: "aggregate",
    body: { aggregate: { window: { tumbling: { size: "1m" } }, fields: { n: { count: true } } } },
  },
  { key: "op:topN", label: "Top-N", description: "The N largest (or smallest) per window.", idBase: "top-n", body: { topN: { n: 10, by: "n" } } },
  {
    key: "op:intervalJoin",
    label: "Interval join",
    description: "Join two streams on their key within a time interval.",
    idBase: "join",
    body: { intervalJoin: { within: { after: "5m" } } },
  },
  { key: "op:lookup", label: "Lookup", description: "Enrich records from a source read as a table.", idBase: "lookup", body: { lookup: { as: "details" } } },
  { key: "op:dedup", label: "Dedup", description: "Drop records whose key was seen within an interval.", idBase: "dedup", body: { dedup: { within: "1m" } } },
];

const SINKS: readonly Omit<PaletteEntry, "group" | "section">[] = [
  { key: "sink:view", label: "View", description: "A queryable materialized view of the results.", idBase: "view", body: { view: {} } },
  { key: "sink:topic", label: "Topic sink", description: "Write the results to a topic.", idBase: "output", body: { topic: "output" } },
];

/** What a SmartModule of each kind becomes in a dataflow (an aggregate module has no dataflow step). */
const SMARTMODULE_STEP: Readonly<Record<string, string>> = { filter: "filter", map: "map", "filter-map": "flatMap", "array-map": "flatMap" };

/** A node name from any text: lowercase letters, digits and dashes, starting with a letter. */
export function nodeIdFrom(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z]+|-+$/g, "")
    .slice(0, 40);
  return cleaned.length === 0 ? "node" : cleaned;
}

/** `base`, or `base-2`, `base-3`… whichever no node has yet. */
export function uniqueNodeId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n.toString()}`)) return `${base}-${n.toString()}`;
}

export function paletteEntries(input: { connectors: readonly ConnectorTypeInfo[]; topics: readonly string[]; smartModules: readonly SmartModuleInfo[] }): PaletteEntry[] {
  const connectors = input.connectors.map((c): PaletteEntry =>
    c.kind === "source"
      ? {
          key: `connector:${c.type}`,
          group: "Connectors",
          label: c.type,
          description: c.description,
          section: "sources",
          idBase: nodeIdFrom(c.type.replace(/-source$/, "")),
          body: { topic: "", connector: { type: c.type, config: {} } },
        }
      : {
          key: `connector:${c.type}`,
          group: "Connectors",
          label: c.type,
          description: c.description,
          section: "sinks",
          idBase: nodeIdFrom(c.type.replace(/-sink$/, "")),
          body: { connector: { type: c.type, config: {} } },
        },
  );
  const topics = input.topics.map((topic): PaletteEntry => ({
    key: `topic:${topic}`,
    group: "Topics",
    label: topic,
    description: `Read the topic ${topic}.`,
    section: "sources",
    idBase: nodeIdFrom(topic),
    body: { topic },
  }));
  const modules = [...new Map(input.smartModules.map((m) => [m.name, m])).values()].flatMap((m): PaletteEntry[] => {
    const step = SMARTMODULE_STEP[m.kind];
    if (step === undefined) return [];
    const params = Object.fromEntries(m.params.filter((p) => p.default !== null).map((p) => [p.name, p.default]));
    return [
      {
        key: `smartmodule:${m.name}`,
        group: "SmartModules",
        label: m.name,
        description: m.description ?? `A ${m.kind} SmartModule.`,
        section: "operators",
        idBase: nodeIdFrom(m.name),
        body: { [step]: { smartmodule: m.name, params } },
      },
    ];
  });
  return [
    ...connectors,
    ...topics,
    ...modules,
    ...OPERATORS.map((o): PaletteEntry => ({ ...o, group: "Operators", section: "operators" })),
    ...SINKS.map((s): PaletteEntry => ({ ...s, group: "Sinks", section: "sinks" })),
  ];
}

/** The body a dropped entry adds: a source connector writes a topic named after the pipeline and the node. */
export function newNodeBody(entry: PaletteEntry, id: string, pipelineName: string): Record<string, unknown> {
  return entry.body.topic === "" ? { ...entry.body, topic: `${pipelineName}.${id}` } : { ...entry.body };
}

import fc from "fast-check";
import { Document, isMap, isScalar } from "yaml";
import { renderPipeline } from "../spec/parse-pipeline.js";

/*
 * Generated pipeline documents (the raw YAML values a user writes, durations as text) that pass
 * the schema: operators read only earlier nodes, so every document is a DAG grounded in its
 * sources. Node ids come from a small pool, so two generated pipelines share nodes often — what
 * diff properties need.
 */

const POOL = ["in", "orders", "hot", "per-key", "counts", "joined", "out", "view", "pg"];
const expression = fc.constantFrom("x > 1", "price * 2", "string(id)", "_key");
const duration = fc.constantFrom("500ms", "5s", "1m", "1h", 2_000);
const field = fc.constantFrom("a", "b", "n", "room");
// Constants rather than fc.stringMatching: generating from a regex is slow, and names are not what these properties test.
const topic = fc.constantFrom("readings", "orders.v2", "a", "out_1", "x-y");
const params = fc.dictionary(field, fc.constantFrom("1", "x", "30"), { maxKeys: 2 });
const smartModule = fc.record({ smartmodule: fc.constantFrom("hot-filter", "./mask.wasm"), params });
const window = fc.oneof(
  fc.record({ tumbling: fc.record({ size: duration }) }),
  fc.record({ hopping: fc.record({ size: duration, slide: duration }) }),
  fc.record({ session: fc.record({ gap: duration }) }),
);
const aggregateField = fc.oneof(fc.record({ count: fc.constant(true) }), fc.record({ sum: expression }), fc.record({ percentile: fc.record({ of: expression, p: fc.constantFrom(0.5, 0.99) }) }));
const connector = (types: readonly string[]) =>
  fc.record(
    {
      type: fc.constantFrom(...types),
      config: fc.dictionary(fc.constantFrom("url", "table", "topics", "mode"), fc.oneof(fc.constantFrom("mqtt://b:1883", "t"), fc.array(fc.constantFrom("s/#", "a"), { minLength: 1, maxLength: 2 }))),
      errors: fc.record({ tolerance: fc.constantFrom("none", "all") }),
    },
    { requiredKeys: ["type"] },
  );

const source = fc.record(
  { topic: topic, eventTime: expression, key: expression, startFrom: fc.constantFrom("earliest", "latest"), connector: connector(["mqtt-source", "http-source"]) },
  { requiredKeys: ["topic"] },
);

function operator(earlier: readonly string[], sources: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const node = fc.constantFrom(...earlier);
  const step = fc.oneof(
    fc.record({ filter: fc.oneof(expression, smartModule) }),
    fc.record({ map: fc.oneof(expression, fc.dictionary(field, expression, { minKeys: 1, maxKeys: 3 }), smartModule) }),
    fc.record({ keyBy: expression }),
    fc.record({ aggregate: fc.record({ window, fields: fc.dictionary(field, aggregateField, { minKeys: 1, maxKeys: 2 }), allowedLateness: duration }, { requiredKeys: ["window", "fields"] }) }),
    fc.record({ topN: fc.record({ n: fc.integer({ min: 1, max: 100 }), by: expression, window }, { requiredKeys: ["n", "by"] }) }),
    fc.record({ lookup: fc.record({ table: fc.constantFrom(...sources), as: field, type: fc.constantFrom("inner", "left") }, { requiredKeys: ["table", "as"] }) }),
    fc.record({ intervalJoin: fc.record({ right: node, within: fc.record({ after: duration }) }) }),
    fc.record({ dedup: fc.record({ within: duration }) }),
    fc.record({ stock: fc.record({ step: duration, measures: fc.dictionary(field, fc.record({ count: fc.constant(true) }), { minKeys: 1, maxKeys: 2 }) }) }),
  );
  return fc.record({ from: fc.oneof(node, fc.uniqueArray(node, { minLength: 1, maxLength: 2 })), step }).map(({ from, step: body }) => ({ from, ...body }));
}

function sink(readable: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const from = fc.constantFrom(...readable);
  return fc.oneof(
    fc.record({ from, view: fc.oneof(fc.constant({}), fc.record({ retainWindows: fc.integer({ min: 1, max: 5_000 }) })) }),
    fc.record({ from, topic: topic }),
    fc.record({ from, connector: connector(["postgres-sink", "s3-sink"]), topic: topic }, { requiredKeys: ["from", "connector"] }),
  );
}

const position = fc.record({ x: fc.integer({ min: -1_000, max: 1_000 }), y: fc.integer({ min: -1_000, max: 1_000 }) });

/** A valid pipeline document as the plain value its YAML holds. */
export const arbitraryPipeline: fc.Arbitrary<Record<string, unknown>> = fc
  .record({ ids: fc.shuffledSubarray(POOL, { minLength: 2, maxLength: 7 }), sourceShare: fc.double({ min: 0, max: 1, noNaN: true }), sinkShare: fc.double({ min: 0, max: 1, noNaN: true }) })
  .chain(({ ids, sourceShare, sinkShare }) => {
    const sourceCount = 1 + Math.floor(sourceShare * (ids.length - 1) * 0.99);
    const sinkCount = 1 + Math.floor(sinkShare * (ids.length - sourceCount) * 0.99);
    const sources = ids.slice(0, sourceCount);
    const operators = ids.slice(sourceCount, ids.length - sinkCount);
    const sinks = ids.slice(ids.length - sinkCount);
    return fc
      .record(
        {
          name: fc.constantFrom("sensors", "orders", "p"),
          description: fc.constantFrom("counts per device", "a: colon"),
          checkpoint: fc.record({ interval: duration }),
          sources: fc.tuple(...sources.map(() => source)),
          operators: operators.length === 0 ? fc.constant([]) : fc.tuple(...operators.map((_, i) => operator([...sources, ...operators.slice(0, i)], sources))),
          sinks: fc.tuple(...sinks.map(() => sink([...sources, ...operators]))),
          layout: fc.tuple(...ids.map(() => fc.option(position, { nil: undefined }))),
        },
        { requiredKeys: ["name", "sources", "operators", "sinks", "layout"] },
      )
      .map(({ sources: sourceBodies, operators: operatorBodies, sinks: sinkBodies, layout, ...settings }) => {
        const zip = (names: readonly string[], bodies: readonly unknown[]) => Object.fromEntries(names.map((id, i) => [id, bodies[i]]));
        const positions = Object.fromEntries(ids.flatMap((id, i) => (layout[i] === undefined ? [] : [[id, layout[i]]])));
        return {
          apiVersion: "freshet.io/v1",
          kind: "Pipeline",
          ...settings,
          sources: zip(sources, sourceBodies),
          ...(operators.length === 0 ? {} : { operators: zip(operators, operatorBodies) }),
          sinks: zip(sinks, sinkBodies),
          ...(Object.keys(positions).length === 0 ? {} : { layout: positions }),
        };
      });
  });

/** The document as YAML text, with a `# note-<id>` comment above every node when `comments` is set. */
export function pipelineText(value: Record<string, unknown>, comments = false): string {
  const document = new Document(value);
  if (comments)
    for (const section of ["sources", "operators", "sinks"]) {
      const map = document.get(section, true);
      if (isMap(map)) for (const pair of map.items) if (isScalar(pair.key)) pair.key.commentBefore = ` note-${String(pair.key.value)}`;
    }
  return renderPipeline(document);
}

export function nodeIdsOf(value: object): string[] {
  return ["sources", "operators", "sinks"].flatMap((section) => Object.keys((value as Record<string, object | undefined>)[section] ?? {}));
}

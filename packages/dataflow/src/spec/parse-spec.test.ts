import { describe, expect, it } from "vitest";
import { parseDataflowSpec, renderDataflowSpec } from "./parse-spec.js";

const HOT_ITEMS = `# Hot items: bids per auction in hopping windows
apiVersion: freshet.io/v1
kind: Dataflow
name: hot-items
sources:
  bids:
    topic: bids
    key: string(auction)
    eventTime: dateTime
    watermark: { maxOutOfOrder: 5s }
operators:
  # only real bids
  big:
    from: bids
    filter: price > 100
  counts:
    from: big
    aggregate:
      window: { hopping: { size: 10s, slide: 2s } }
      fields:
        bids: { count: true }
sinks:
  hot-view: { from: counts, view: {} }
  hot-out: { from: counts, topic: hot-items }
`;

describe("parseDataflowSpec", () => {
  it("reads a document with its durations in milliseconds and renders it back unchanged, comments and key order kept", () => {
    const parsed = parseDataflowSpec(HOT_ITEMS);
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("; "));
    expect(parsed.spec.sources["bids"]?.watermark.maxOutOfOrder).toBe(5_000);
    expect(parsed.spec.operators["counts"]?.aggregate?.window).toEqual({ hopping: { size: 10_000, slide: 2_000 } });
    expect(parsed.spec.checkpoint.interval).toBe(1_000);
    expect(renderDataflowSpec(parsed.document)).toBe(HOT_ITEMS);
  });

  it("names the field and its line when a value is wrong", () => {
    const parsed = parseDataflowSpec(HOT_ITEMS.replace("size: 10s, slide: 2s", "size: ten, slide: 2s"));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0]).toMatchObject({ path: ["operators", "counts", "aggregate", "window"], line: 19 });
    expect(parsed.errors[0]?.message).toMatch(/^operators\.counts\.aggregate\.window: /);
  });

  it("refuses a reference to a node that does not exist, at the line of its from", () => {
    const parsed = parseDataflowSpec(HOT_ITEMS.replace("from: big", "from: bigg"));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([{ path: ["operators", "counts", "from"], line: 17, column: 11, message: "operators.counts.from: no source or operator named bigg" }]);
  });

  it("refuses a node with two operators", () => {
    const parsed = parseDataflowSpec(HOT_ITEMS.replace("    filter: price > 100", "    filter: price > 100\n    keyBy: auction"));
    expect(parsed.ok ? "" : parsed.errors[0]?.message).toBe("operators.big: has filter and keyBy: one operator per node");
  });

  it("names the line of a YAML syntax error", () => {
    const parsed = parseDataflowSpec("name: [unclosed\n");
    expect(parsed.ok ? "" : parsed.errors[0]?.message).toMatch(/^the YAML does not parse at line 2: /);
  });
});

describe("durations", () => {
  it("says what a duration looks like when one is wrong", () => {
    const parsed = parseDataflowSpec(HOT_ITEMS.replace("maxOutOfOrder: 5s", "maxOutOfOrder: 5 seconds"));
    expect(parsed.ok ? "" : parsed.errors[0]?.message).toBe('sources.bids.watermark.maxOutOfOrder: must be a duration such as "500ms", "5s", "10m", "1h" or "1d"');
  });
});

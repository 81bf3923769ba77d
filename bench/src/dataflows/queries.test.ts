import { parseDataflowSpec } from "@freshet/dataflow/spec";
import { describe, expect, it } from "vitest";
import { INPUT_TOPICS, loadQuery, QUERIES, renderForRun } from "./queries.js";

describe("Nexmark query documents", () => {
  it("are valid dataflows reading the Nexmark topics, each with one topic sink", async () => {
    const loaded = await Promise.all(QUERIES.map(loadQuery));
    expect(loaded.map((l) => l.query.name)).toEqual(["q0", "q1", "q2", "q4", "q5", "q7", "q8"]);
    expect(loaded.map((l) => l.outputTopic)).toEqual(QUERIES.map((q) => `nexmark-${q.name}`));
    expect(loaded.find((l) => l.query.name === "q4")!.inputTopics).toEqual([INPUT_TOPICS.auction, INPUT_TOPICS.bid]);
    expect(loaded.find((l) => l.query.name === "q8")!.inputTopics).toEqual([INPUT_TOPICS.person, INPUT_TOPICS.auction]);
    expect(loaded.find((l) => l.query.name === "q0")!.outputFrom).toBe("bids");
  });

  it("render for a run with the bench's cluster and output topic, comments kept", async () => {
    const q5 = await loadQuery(QUERIES.find((q) => q.name === "q5")!);
    const text = renderForRun(q5, "127.0.0.1:9092", "q5-out-1");
    expect(text).toContain("# Nexmark q5, hot items");
    const parsed = parseDataflowSpec(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.spec.cluster).toEqual({ bootstrap: "127.0.0.1:9092" });
    expect(parsed.spec.sinks["out"]).toEqual({ from: "hottest", topic: "q5-out-1" });
    expect(parsed.spec.operators["bids-per-auction"]?.aggregate?.window).toEqual({ hopping: { size: 10_000, slide: 2_000 } });
  });
});

import { describe, expect, it } from "vitest";
import type { ViewRow } from "../graph/contract.js";
import { ViewStore } from "./view-store.js";

const row = (key: string, windowStart: number, n: number, closed = true): ViewRow => ({ view: "v", key, windowStart, windowEnd: windowStart + 10, value: { n }, closed });

describe("ViewStore", () => {
  it("keeps the latest row per key and window, the newest retainWindows per key, sorted by key then window", () => {
    const store = new ViewStore([{ name: "v", retainWindows: 2 }]);
    for (const r of [row("b", 10, 1), row("a", 20, 1), row("a", 0, 1), row("a", 10, 1), row("a", 20, 2, false), row("c", 0, 1)]) store.apply(r);
    expect(store.query("v")?.map((r) => [r.key, r.windowStart, r.value["n"]])).toEqual([
      ["a", 10, 1],
      ["a", 20, 2],
      ["b", 10, 1],
      ["c", 0, 1],
    ]);
    expect(store.query("v", { from: "b", to: "c" })?.map((r) => r.key)).toEqual(["b", "c"]);
    expect(store.query("v", { key: "a", last: 1 })?.map((r) => r.windowStart)).toEqual([20]);
    expect(store.query("missing")).toBeUndefined();
  });

  it("tells subscribers each update and comes back whole from its rows", () => {
    const store = new ViewStore([{ name: "v", retainWindows: 10 }]);
    const seen: ViewRow[] = [];
    const unsubscribe = store.subscribe("v", (r) => seen.push(r));
    store.apply(row("a", 0, 1));
    unsubscribe();
    store.apply(row("a", 10, 1));
    expect(seen).toEqual([row("a", 0, 1)]);
    const copy = new ViewStore([{ name: "v", retainWindows: 10 }]);
    copy.load(store.rows().reverse());
    expect(copy.query("v")).toEqual(store.query("v"));
  });
});

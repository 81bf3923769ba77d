import { describe, expect, it } from "vitest";
import { record, redo, startHistory, undo } from "./text-history";

describe("text history", () => {
  it("undoes and redoes whole documents, and a new edit drops what was undone", () => {
    let history = record(record(startHistory("a"), "b"), "c");
    history = undo(undo(history));
    expect(history.present).toBe("a");
    history = redo(history);
    expect(history.present).toBe("b");
    history = record(history, "d");
    expect(history).toEqual({ past: ["a", "b"], present: "d", future: [] });
    expect(redo(history)).toBe(history);
  });

  it("merges typing into the step it continues, and ignores a change to the same text", () => {
    let history = record(startHistory("a"), "ab");
    history = record(history, "abc", { merge: true });
    expect(history).toEqual({ past: ["a"], present: "abc", future: [] });
    expect(record(history, "abc")).toBe(history);
    expect(undo(history).present).toBe("a");
  });

  it("never merges into the opening document", () => {
    expect(record(startHistory("a"), "ab", { merge: true })).toEqual({ past: ["a"], present: "ab", future: [] });
    expect(undo(startHistory("a")).present).toBe("a");
  });
});

import { describe, expect, it } from "vitest";
import { compileExpression, eventTimeOf, ExpressionError, keyString } from "./index.js";

describe("compileExpression", () => {
  it("reads fields, paths and the record's key, time and value", () => {
    const value = { price: 150, bidder: { name: "ann" } };
    expect(compileExpression("price").evaluate(value, "k", 5)).toBe(150);
    expect(compileExpression("bidder.name").evaluate(value, "k", 5)).toBe("ann");
    expect(compileExpression("_key + ':' + bidder.name").evaluate(value, "k", 5)).toBe("k:ann");
    expect(compileExpression("_time").evaluate(value, "k", 5)).toBe(5);
    expect(compileExpression("_record.price > 100").evaluate(value, "k", 5)).toBe(true);
  });

  it("mixes JSON numbers (doubles) with integer literals and returns plain numbers", () => {
    expect(compileExpression("price * 2 + 1").evaluate({ price: 1.5 }, null, 0)).toBe(4);
    expect(compileExpression("{'n': 1, 'list': [1, 2]}").evaluate({}, null, 0)).toEqual({ n: 1, list: [1, 2] });
    expect(compileExpression("size(items)").evaluate({ items: [1, 2, 3] }, null, 0)).toBe(3);
    expect(compileExpression("items.filter(i, i > 1)").evaluate({ items: [1, 2, 3] }, null, 0)).toEqual([2, 3]);
  });

  it("throws ExpressionError on a missing field or a type error, and a plain Error on bad syntax", () => {
    expect(() => compileExpression("price").evaluate({}, null, 0)).toThrow(ExpressionError);
    expect(() => compileExpression("a.b").evaluate({ a: {} }, null, 0)).toThrow(ExpressionError);
    expect(() => compileExpression("price > 1").evaluate({ price: "x" }, null, 0)).toThrow(ExpressionError);
    expect(() => compileExpression("price >")).toThrow(/^invalid expression "price >": /);
  });

  it("turns results into keys and event times", () => {
    expect(keyString(3)).toBe("3");
    expect(keyString("a")).toBe("a");
    expect(keyString({ a: 1 })).toBe('{"a":1}');
    expect(eventTimeOf(1000.7)).toBe(1000);
    expect(eventTimeOf("1970-01-01T00:00:01Z")).toBe(1000);
    expect(() => eventTimeOf("yesterday")).toThrow(ExpressionError);
  });
});

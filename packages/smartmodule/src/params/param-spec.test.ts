import { describe, expect, it } from "vitest";
import { parseParams, type ParamSpecs } from "./param-spec.js";

const specs = {
  field: { type: "string", description: "the field" },
  limit: { type: "integer", default: "10" },
  ratio: { type: "number", default: "0.5" },
  strict: { type: "boolean", default: "false" },
  tags: { type: "list", default: "" },
} as const satisfies ParamSpecs;

describe("parseParams", () => {
  it("converts values and fills defaults", () => {
    expect(
      parseParams(specs, [
        ["field", "a.b"],
        ["limit", "-3"],
        ["strict", " TRUE "],
        ["tags", "x, y,,z "],
      ]),
    ).toEqual({
      ok: true,
      value: { field: "a.b", limit: -3, ratio: 0.5, strict: true, tags: ["x", "y", "z"] },
    });
  });

  it.each([
    [
      [
        ["field", "f"],
        ["limit", "1.5"],
      ],
      "parameter 'limit' must be an integer, got '1.5'",
    ],
    [
      [
        ["field", "f"],
        ["limit", "9007199254740993"],
      ],
      "parameter 'limit' must be an integer, got '9007199254740993'",
    ],
    [
      [
        ["field", "f"],
        ["ratio", " "],
      ],
      "parameter 'ratio' must be a number, got ' '",
    ],
    [
      [
        ["field", "f"],
        ["ratio", "Infinity"],
      ],
      "parameter 'ratio' must be a number, got 'Infinity'",
    ],
    [
      [
        ["field", "f"],
        ["strict", "yes"],
      ],
      "parameter 'strict' must be true or false, got 'yes'",
    ],
    [
      [
        ["field", "f"],
        ["field", "g"],
      ],
      "parameter 'field' is given twice",
    ],
    [[["colour", "red"]], "unknown parameter 'colour' for m (it accepts: field, limit, ratio, strict, tags)"],
    [[], "parameter 'field' is required by m (the field)"],
  ] as const)("rejects %j", (given, message) => {
    expect(parseParams(specs, given, "m")).toEqual({ ok: false, message });
  });

  it("names a module that takes no parameters", () => {
    expect(parseParams({}, [["x", "1"]], "m")).toEqual({ ok: false, message: "unknown parameter 'x' for m (it takes no parameters)" });
  });

  it("reports a default that does not fit its own type", () => {
    expect(parseParams({ n: { type: "integer", default: "many" } }, [])).toEqual({ ok: false, message: "parameter 'n' must be an integer, got 'many'" });
  });
});

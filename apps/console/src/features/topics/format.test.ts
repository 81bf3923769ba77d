import { describe, expect, it } from "vitest";
import { formatBytes, formatRetention, jsonLines, prettyValue } from "./format";

describe("topic formats", () => {
  it("prints sizes in binary units and unknown sizes as a dash", () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(1536), formatBytes(5 * 1024 ** 3), formatBytes(null)]).toEqual(["0 B", "1023 B", "1.5 KiB", "5.0 GiB", "—"]);
  });

  it("prints retention in the largest whole unit, with the size limit when there is one", () => {
    expect(formatRetention(604_800_000, -1)).toBe("7 days");
    expect(formatRetention(-1, 1024 * 1024)).toBe("forever, at most 1.0 MiB per partition");
    expect(formatRetention(5_400_000, null)).toBe("90 minutes");
  });

  it("pretty-prints JSON values and leaves other text alone", () => {
    expect(prettyValue('{"a":[1,2]}')).toEqual({ text: '{\n  "a": [\n    1,\n    2\n  ]\n}', json: true });
    expect(prettyValue("{not json")).toEqual({ text: "{not json", json: false });
    expect(prettyValue("plain")).toEqual({ text: "plain", json: false });
  });

  it("writes one JSON object per line", () => {
    expect(jsonLines([{ offset: 1, value: "a\nb" }, { offset: 2 }])).toBe('{"offset":1,"value":"a\\nb"}\n{"offset":2}\n');
    expect(jsonLines([])).toBe("");
  });
});

import { parsePipeline } from "@freshet/pipeline/spec";
import { describe, expect, it } from "vitest";
import { stepModule } from "./smartmodule-step";

const spec = (operators: string) => {
  const parsed = parsePipeline(`apiVersion: freshet.io/v1
kind: Pipeline
name: sensors
sources:
  readings: { topic: sensor-readings }
operators:
${operators}
sinks:
  out: { from: readings, topic: out }
`);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
  return parsed.spec;
};

describe("stepModule", () => {
  it("finds a loaded module by name or name@version, with its params", () => {
    const s = spec(`  hot: { from: readings, filter: { smartmodule: hot-filter, params: { min: "30" } } }
  shaped: { from: hot, map: { smartmodule: shaper@1.2.0 } }
  plain: { from: shaped, filter: "temp > 1" }`);
    expect(stepModule(s, "hot")).toEqual({ loaded: true, name: "hot-filter", version: null, params: { min: "30" } });
    expect(stepModule(s, "shaped")).toEqual({ loaded: true, name: "shaper", version: "1.2.0", params: {} });
    expect(stepModule(s, "plain")).toBeNull();
    expect(stepModule(s, "readings")).toBeNull();
  });

  it("tells a .wasm file beside the document apart from a loaded module", () => {
    expect(stepModule(spec(`  split: { from: readings, flatMap: { smartmodule: ./split.wasm } }`), "split")).toEqual({ loaded: false, path: "./split.wasm" });
  });
});

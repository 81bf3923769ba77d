import type { PipelineSpec } from "@freshet/pipeline/spec";

export type StepModule =
  | { readonly loaded: true; readonly name: string; readonly version: string | null; readonly params: Readonly<Record<string, string>> }
  /** A .wasm path beside the document: only the CLI, which has the file, can run it. */
  | { readonly loaded: false; readonly path: string };

const STEP_KINDS = ["filter", "map", "flatMap"] as const;

/** The SmartModule an operator runs (`filter|map|flatMap: {smartmodule, params}`), or null when it runs none. */
export function stepModule(spec: PipelineSpec, nodeId: string): StepModule | null {
  const operator: Record<string, unknown> | undefined = spec.operators[nodeId];
  if (operator === undefined) return null;
  for (const kind of STEP_KINDS) {
    const step = operator[kind];
    if (typeof step !== "object" || step === null || !("smartmodule" in step) || typeof step.smartmodule !== "string") continue;
    const reference = step.smartmodule;
    if (reference.endsWith(".wasm")) return { loaded: false, path: reference };
    const params = "params" in step && typeof step.params === "object" && step.params !== null ? (step.params as Record<string, string>) : {};
    // A module loaded in the cluster is named `name` (its newest version) or `name@version`.
    const at = reference.lastIndexOf("@");
    return at > 0 ? { loaded: true, name: reference.slice(0, at), version: reference.slice(at + 1), params } : { loaded: true, name: reference, version: null, params };
  }
  return null;
}

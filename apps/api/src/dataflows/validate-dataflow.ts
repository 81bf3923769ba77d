import { isMap, parseDocument } from "yaml";
import { parseDataflowSpec, type DataflowSpec, type SpecError } from "@freshet/dataflow/spec";

export type DataflowValidation = { readonly ok: true; readonly spec: DataflowSpec } | { readonly ok: false; readonly errors: readonly SpecError[] };

/**
 * A dataflow document as the cloud takes it: what parseDataflowSpec accepts, plus the cloud's
 * rule that it has no `cluster:` block (the cloud connects the process with a login of its own).
 */
export function validateDataflowYaml(text: string): DataflowValidation {
  const parsed = parseDataflowSpec(text);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  if (parsed.spec.cluster !== undefined) {
    const document = parseDocument(text, { keepSourceTokens: false });
    const pair = isMap(document.contents) ? document.contents.items.find((item) => String((item.key as { value?: unknown } | null)?.value) === "cluster") : undefined;
    const offset = (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0] ?? 0;
    const line = text.slice(0, offset).split("\n").length;
    return { ok: false, errors: [{ path: ["cluster"], line, column: 1, message: "cluster: leave it out; the cloud connects the dataflow to its cluster with a login of its own" }] };
  }
  return { ok: true, spec: parsed.spec };
}

/** An error as the CLI prints it and the API says it: `line N: path: message`. */
export function errorLine(error: SpecError): string {
  return `line ${error.line.toString()}: ${error.message}`;
}

/** The document's problems in one sentence: the first one, and how many more. */
export function errorsSentence(errors: readonly SpecError[]): string {
  const first = errors[0];
  if (first === undefined) return "The dataflow document is not valid.";
  const more = errors.length > 1 ? ` (and ${(errors.length - 1).toString()} more)` : "";
  return `The dataflow document is not valid${more}: ${errorLine(first)}.`.replace(/\.\.$/, ".");
}

/** A view of a deployed dataflow: a sink with `view:`; "stock" when it shows an entity-as-a-stock operator's rows. */
export interface ViewSink {
  readonly name: string;
  readonly from: string;
  readonly shape: "stock" | "rows";
}

export function viewSinks(spec: DataflowSpec): ViewSink[] {
  return Object.entries(spec.sinks)
    .filter(([, sink]) => sink.view !== undefined)
    .map(([name, sink]) => ({ name, from: sink.from, shape: spec.operators[sink.from]?.stock !== undefined ? "stock" : "rows" }));
}

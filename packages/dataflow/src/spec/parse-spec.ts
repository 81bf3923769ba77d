import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { dataflowSpecSchema, type DataflowSpec } from "./dataflow-spec.js";

/** One problem in a dataflow document, placed where the console can underline it. */
export interface SpecError {
  /** The field's path, e.g. ["operators", "counts", "aggregate", "window"]; empty for the whole document. */
  readonly path: readonly (string | number)[];
  /** 1-based line of the offending node (the nearest existing parent when the field is missing). */
  readonly line: number;
  readonly column: number;
  /** One sentence naming the field, e.g. `operators.counts.aggregate.window: …`. */
  readonly message: string;
}

export type ParsedSpec = { readonly ok: true; readonly spec: DataflowSpec; readonly document: Document } | { readonly ok: false; readonly errors: readonly SpecError[]; readonly document?: Document };

function describe(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join(".");
  const message = issue.code === "unrecognized_keys" ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}` : issue.message.replace(/^Invalid (input|option): /, "");
  return path.length > 0 ? `${path}: ${message}` : message;
}

/** Where the node at `path` starts, walking up to the nearest parent that exists. */
function positionOf(document: Document, lines: LineCounter, path: readonly PropertyKey[]): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = document.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range !== undefined && node.range !== null) {
      // A missing child is reported on its parent's key line rather than at the parent's first child.
      const pos = lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

/**
 * Parses and validates a dataflow document. The Document is returned too: it keeps comments
 * and key order, so `document.toString()` renders what was read (edits go through it).
 */
export function parseDataflowSpec(text: string): ParsedSpec {
  const lines = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, lineCounter: lines, keepSourceTokens: false });
  if (document.errors.length > 0) {
    return {
      ok: false,
      errors: document.errors.map((error) => {
        const pos = lines.linePos(error.pos[0]);
        return { path: [], line: pos.line, column: pos.col, message: `the YAML does not parse at line ${pos.line.toString()}: ${error.message.split("\n")[0] ?? ""}` };
      }),
    };
  }
  const parsed = dataflowSpecSchema.safeParse(document.toJS());
  if (parsed.success) return { ok: true, spec: parsed.data, document };
  return {
    ok: false,
    document,
    errors: parsed.error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === "number" ? p : String(p))), ...positionOf(document, lines, issue.path), message: describe(issue) })),
  };
}

/** The document as text, exactly as parsed plus any edits made through it. */
export function renderDataflowSpec(document: Document): string {
  return document.toString();
}

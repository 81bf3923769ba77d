import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import type { Problem } from "../graph/contract.js";
import { pipelineSpecSchema, type PipelineSpec } from "./pipeline-spec.js";

export type ParsedPipeline =
  { readonly ok: true; readonly spec: PipelineSpec; readonly document: Document } | { readonly ok: false; readonly problems: readonly Problem[]; readonly document?: Document };

/** Sections whose keys are node ids: a problem under one of them belongs to that node on the canvas. */
const NODE_KEYED = new Set(["sources", "operators", "sinks", "layout"]);

function describe(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join(".");
  const message = issue.code === "unrecognized_keys" ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}` : issue.message.replace(/^Invalid (input|option): /, "");
  return path.length > 0 ? `${path}: ${message}` : message;
}

/** Where the node at `path` starts, walking up to the nearest parent that exists (a missing field is reported on its parent). */
function positionOf(document: Document, lines: LineCounter, path: readonly (string | number)[]): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) {
      const pos = lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

function nodeIdOf(path: readonly (string | number)[]): { nodeId?: string } {
  const [section, id] = path;
  return typeof section === "string" && NODE_KEYED.has(section) && typeof id === "string" ? { nodeId: id } : {};
}

/**
 * Parses and validates a pipeline document. The Document is returned too: it keeps comments and key
 * order, so rendering it gives back the text read, plus any edits made through it.
 */
export function parsePipeline(text: string): ParsedPipeline {
  const lines = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, lineCounter: lines, keepSourceTokens: false });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const pos = lines.linePos(error.pos[0]);
        return { path: [], line: pos.line, column: pos.col, message: `the YAML does not parse at line ${pos.line.toString()}: ${error.message.split("\n")[0] ?? ""}` };
      }),
    };
  }
  const parsed = pipelineSpecSchema.safeParse(document.toJS());
  if (parsed.success) return { ok: true, spec: parsed.data, document };
  return {
    ok: false,
    document,
    problems: parsed.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === "number" ? p : String(p)));
      return { ...nodeIdOf(path), path, ...positionOf(document, lines, path), message: describe(issue) };
    }),
  };
}

/**
 * The document as text: what was parsed, plus any edits made through it, with comments and key
 * order kept. Long flow collections stay on one line (the yaml default would refold them at 80
 * columns); flow collections are written padded, `{ x: 0 }` and `[ a, b ]`, the one style the
 * yaml library can keep for both.
 */
export function renderPipeline(document: Document): string {
  return document.toString({ lineWidth: 0, flowCollectionPadding: true });
}

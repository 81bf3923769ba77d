"use client";

import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import type { Problem } from "@freshet/pipeline/graph";
import CodeMirror, { type EditorView } from "@uiw/react-codemirror";
import { useEffect, useMemo, useState } from "react";

const EXTENSIONS = [yaml(), lintGutter()];

/**
 * The document itself, edited beside the canvas (CodeMirror: it runs offline). Problems are marked
 * at their line in the editor and listed below it. The editor's own history is off: undo and redo
 * go through the builder's one history, which the canvas's edits are in too.
 */
export function YamlPane({ value, onChange, problems }: { value: string; onChange: (text: string) => void; problems: readonly Problem[] }) {
  const [view, setView] = useState<EditorView | null>(null);
  const sorted = useMemo(() => [...problems].sort((a, b) => a.line - b.line), [problems]);
  useEffect(() => {
    if (view === null) return;
    const doc = view.state.doc;
    const diagnostics = sorted
      .filter((problem) => problem.line <= doc.lines)
      .map((problem): Diagnostic => {
        const line = doc.line(problem.line);
        return { from: line.from, to: line.to, severity: "error", message: problem.message };
      });
    view.dispatch(setDiagnostics(view.state, diagnostics));
  }, [view, sorted, value]);

  return (
    <div className="flex h-full flex-col gap-2">
      <div className="min-h-0 flex-1 overflow-hidden rounded-md ring-1 ring-slate-300" data-testid="pipeline-yaml">
        <CodeMirror
          value={value}
          height="100%"
          className="h-full text-xs"
          extensions={EXTENSIONS}
          basicSetup={{ history: false, foldGutter: false }}
          onChange={onChange}
          onCreateEditor={setView}
          aria-label="Pipeline YAML"
        />
      </div>
      {sorted.length > 0 && (
        <ul aria-label="Problems" className="max-h-32 space-y-1 overflow-y-auto text-xs text-red-700">
          {sorted.map((problem, i) => (
            <li key={i} data-testid="yaml-problem" data-line={problem.line}>
              line {problem.line}
              {problem.nodeId === undefined ? "" : ` (${problem.nodeId})`}: {problem.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

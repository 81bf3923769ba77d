"use client";

import { useRef } from "react";
import { cx } from "@/components/ui/class-names";

export interface LineError {
  readonly line: number;
  readonly message: string;
}

const LINE_HEIGHT_REM = 1.25;

/**
 * A YAML text area with line numbers; a line with a problem is marked in the gutter (its number
 * red, the message as its title) and listed under the editor, so a person finds it at a glance.
 */
export function YamlEditor({ label, value, onChange, errors }: { label: string; value: string; onChange: (text: string) => void; errors: readonly LineError[] }) {
  const gutter = useRef<HTMLDivElement>(null);
  const lines = Math.max(value.split("\n").length, 12);
  const byLine = new Map<number, string[]>();
  for (const error of errors) byLine.set(error.line, [...(byLine.get(error.line) ?? []), error.message]);
  return (
    <div className="space-y-2">
      <label htmlFor="dataflow-yaml" className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="flex overflow-hidden rounded-md font-mono text-sm shadow-sm ring-1 ring-slate-300 focus-within:ring-2 focus-within:ring-brand-600">
        <div ref={gutter} aria-hidden className="overflow-hidden bg-slate-50 py-2 text-right text-slate-400 select-none" style={{ height: `${(24 * LINE_HEIGHT_REM).toString()}rem` }}>
          {Array.from({ length: lines }, (_, i) => i + 1).map((line) => (
            <div
              key={line}
              data-error-line={byLine.has(line) ? line : undefined}
              title={byLine.get(line)?.join("\n")}
              className={cx("px-2", byLine.has(line) && "bg-red-100 font-semibold text-red-700")}
              style={{ lineHeight: `${LINE_HEIGHT_REM.toString()}rem` }}
            >
              {line}
            </div>
          ))}
        </div>
        <textarea
          id="dataflow-yaml"
          spellCheck={false}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onScroll={(event) => {
            if (gutter.current !== null) gutter.current.scrollTop = event.currentTarget.scrollTop;
          }}
          aria-invalid={errors.length > 0 ? true : undefined}
          aria-describedby={errors.length > 0 ? "dataflow-yaml-errors" : undefined}
          className="block w-full resize-none border-0 bg-white px-3 py-2 text-slate-900 focus:outline-none"
          style={{ lineHeight: `${LINE_HEIGHT_REM.toString()}rem`, height: `${(24 * LINE_HEIGHT_REM).toString()}rem`, whiteSpace: "pre", overflowWrap: "normal" }}
        />
      </div>
      {errors.length > 0 && (
        <ul id="dataflow-yaml-errors" aria-label="Problems" className="space-y-1 text-sm text-red-700">
          {errors.map((error, i) => (
            <li key={i} data-testid="yaml-error">
              line {error.line}: {error.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

"use client";

import { PALETTE_MIME } from "./pipeline-canvas";
import type { PaletteEntry } from "./palette-entries";

const GROUPS: readonly PaletteEntry["group"][] = ["Connectors", "Topics", "SmartModules", "Operators", "Sinks"];

/** The node kinds, grouped: drag one onto the canvas, or press it to add it where the layout puts it. */
export function Palette({ entries, onAdd }: { entries: readonly PaletteEntry[]; onAdd: (entry: PaletteEntry) => void }) {
  return (
    <nav aria-label="Palette" className="space-y-4 overflow-y-auto pr-1 text-sm">
      {GROUPS.map((group) => {
        const items = entries.filter((entry) => entry.group === group);
        if (items.length === 0) return null;
        return (
          <section key={group} aria-label={group}>
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{group}</h3>
            <ul className="space-y-1">
              {items.map((entry) => (
                <li key={entry.key}>
                  <button
                    type="button"
                    draggable
                    data-palette={entry.key}
                    title={entry.description}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(PALETTE_MIME, entry.key);
                      event.dataTransfer.effectAllowed = "copy";
                    }}
                    onClick={() => onAdd(entry)}
                    className="w-full cursor-grab truncate rounded-md bg-white px-2 py-1.5 text-left font-mono text-xs text-slate-800 ring-1 ring-slate-200 hover:bg-slate-50 active:cursor-grabbing"
                  >
                    {entry.label}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </nav>
  );
}

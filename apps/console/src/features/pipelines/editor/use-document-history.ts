"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { record, redo, startHistory, TYPING_GROUP_MS, undo, type TextHistory } from "./text-history";

export interface DocumentHistory {
  readonly text: string;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** A canvas or side-panel action: one undo step. A failed edit leaves the text alone and says why. */
  readonly edit: (change: (text: string) => string) => void;
  /** Typing in the YAML tab: keystrokes close together are one undo step. */
  readonly type: (text: string) => void;
  readonly undo: () => void;
  readonly redo: () => void;
  /** Why the last edit was refused, or null. */
  readonly editError: string | null;
}

export function useDocumentHistory(initial: string): DocumentHistory {
  const [history, setHistory] = useState<TextHistory>(() => startHistory(initial));
  const [editError, setEditError] = useState<string | null>(null);
  const lastTyped = useRef(0);

  const edit = useCallback((change: (text: string) => string) => {
    setHistory((current) => {
      try {
        const next = change(current.present);
        setEditError(null);
        return record(current, next);
      } catch (error) {
        setEditError(sentence(error instanceof Error ? error.message : String(error)));
        return current;
      }
    });
    lastTyped.current = 0;
  }, []);

  const type = useCallback((text: string) => {
    const now = Date.now();
    const merge = now - lastTyped.current < TYPING_GROUP_MS;
    lastTyped.current = now;
    setHistory((current) => record(current, text, { merge }));
  }, []);

  const back = useCallback(() => {
    lastTyped.current = 0;
    setHistory(undo);
  }, []);
  const forward = useCallback(() => {
    lastTyped.current = 0;
    setHistory(redo);
  }, []);

  // Ctrl+Z / Ctrl+Shift+Z (Cmd on macOS) anywhere on the page, the YAML editor included (its own history is off so
  // there is one history), but in a form field, which keeps its own undo.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "z") return;
      const target = event.target as HTMLElement | null;
      if (target !== null && ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
      event.preventDefault();
      if (event.shiftKey) forward();
      else back();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [back, forward]);

  return { text: history.present, canUndo: history.past.length > 0, canRedo: history.future.length > 0, edit, type, undo: back, redo: forward, editError };
}

/** The model's edit errors are clauses ("x is a sink: …"); shown alone, they read as a sentence. */
function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

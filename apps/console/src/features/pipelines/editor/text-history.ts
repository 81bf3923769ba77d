/**
 * Undo/redo over the document's text: the text is the whole state, so a step back is exactly the
 * document as it was, whether the change came from the canvas, the side panel or typing.
 */
export interface TextHistory {
  readonly past: readonly string[];
  readonly present: string;
  readonly future: readonly string[];
}

/** Typing is grouped: edits within this long of the previous one replace it instead of adding a step. */
export const TYPING_GROUP_MS = 800;
const LIMIT = 200;

export function startHistory(text: string): TextHistory {
  return { past: [], present: text, future: [] };
}

export function record(history: TextHistory, text: string, options: { merge?: boolean } = {}): TextHistory {
  if (text === history.present) return history;
  if (options.merge === true && history.past.length > 0) return { past: history.past, present: text, future: [] };
  return { past: [...history.past, history.present].slice(-LIMIT), present: text, future: [] };
}

export function undo(history: TextHistory): TextHistory {
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

export function redo(history: TextHistory): TextHistory {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest };
}

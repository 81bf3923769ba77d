"use client";

import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Button } from "./button";

type TypedConfirmDialogProps = {
  /** The button that opens the dialog ("Delete cluster"). */
  label: string;
  /** The dialog's heading ("Delete cluster main?"). */
  title: string;
  /** What is lost for good, said plainly; shown above the name field. */
  consequences: ReactNode;
  /** The name the person types to go ahead. */
  name: string;
  /** The button that acts ("Delete main"); enabled once the name is typed exactly. */
  confirmLabel: string;
  busy?: boolean;
  /** The failure of the last attempt, as a sentence; the dialog stays open to show it. */
  error?: string | null;
  /** Runs the action; `close` dismisses the dialog (on success, when the page stays). */
  onConfirm: (close: () => void) => void;
};

/**
 * A destructive action that says what is lost and goes ahead only once the thing's name is
 * typed, so a stray click or a muscle-memory Enter cannot destroy anything. A native modal
 * <dialog>: focus is trapped, Escape cancels, and the page behind is inert.
 */
export function TypedConfirmDialog({ label, title, consequences, name, confirmLabel, busy = false, error, onConfirm }: TypedConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const ids = useId();
  const matches = typed === name;

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  function close() {
    setOpen(false);
    setTyped("");
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (matches && !busy) onConfirm(close);
  }

  return (
    <>
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>
        {label}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`${ids}-title`}
        aria-describedby={`${ids}-consequences`}
        onClose={close}
        className="m-auto w-full max-w-md rounded-lg bg-white p-0 text-left shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40"
      >
        {open && (
          <form onSubmit={submit} className="space-y-4 p-5">
            <h2 id={`${ids}-title`} className="text-base font-semibold break-all text-slate-900">
              {title}
            </h2>
            <div id={`${ids}-consequences`} className="text-sm text-slate-600">
              {consequences}
            </div>
            <div className="space-y-1">
              <label htmlFor={`${ids}-name`} className="block text-sm font-medium text-slate-700">
                Type <span className="font-mono break-all">{name}</span> to confirm
              </label>
              <input
                id={`${ids}-name`}
                value={typed}
                onChange={(event) => setTyped(event.target.value)}
                autoComplete="off"
                spellCheck={false}
                autoFocus
                className="block w-full rounded-md border-0 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-red-600 focus:outline-none"
              />
            </div>
            {error && (
              <p role="alert" className="text-sm text-red-600">
                {error}
              </p>
            )}
            <div className="flex justify-end gap-2">
              <Button variant="ghost" size="sm" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" variant="danger" size="sm" disabled={!matches} busy={busy}>
                {confirmLabel}
              </Button>
            </div>
          </form>
        )}
      </dialog>
    </>
  );
}

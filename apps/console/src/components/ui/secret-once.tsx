import type { ReactNode } from "react";
import { CopyButton } from "./copy-button";

type SecretOnceProps = { title: string; secret: string; secretLabel: string; children?: ReactNode; onDismiss: () => void };

/** A secret the server returns exactly once: shown in full with a copy button until dismissed. */
export function SecretOnce({ title, secret, secretLabel, children, onDismiss }: SecretOnceProps) {
  return (
    <div role="status" className="space-y-3 rounded-md bg-amber-50 p-4 ring-1 ring-amber-300">
      <p className="text-sm font-medium text-amber-900">{title}</p>
      <p className="text-xs text-amber-900">This is the only time it is shown. Store it somewhere safe now.</p>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-xs font-medium text-slate-700">{secretLabel}</span>
        <code data-testid="secret-value" className="rounded bg-white px-2 py-1 font-mono text-sm break-all ring-1 ring-amber-200">
          {secret}
        </code>
        <CopyButton text={secret} label={`Copy ${secretLabel.toLowerCase()}`} />
      </div>
      {children}
      <button type="button" onClick={onDismiss} className="text-xs font-medium text-amber-900 underline underline-offset-2">
        I have stored it, hide it
      </button>
    </div>
  );
}

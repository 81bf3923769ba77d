"use client";

import { useId, type ComponentProps, type ReactNode } from "react";
import { cx } from "./class-names";

const controlClasses =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600 focus:outline-none aria-[invalid=true]:ring-red-500";

type FieldFrameProps = { label: string; hint?: ReactNode; error?: string | null; children: (ids: { id: string; describedBy: string | undefined }) => ReactNode };

/** Label, control, hint and error wired together with ids so screen readers announce all of them. */
function FieldFrame({ label, hint, error, children }: FieldFrameProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children({ id, describedBy })}
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-xs text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}

type TextFieldProps = ComponentProps<"input"> & { label: string; hint?: ReactNode; error?: string | null };

export function TextField({ label, hint, error, className, ...input }: TextFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {({ id, describedBy }) => <input id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} className={cx(controlClasses, className)} {...input} />}
    </FieldFrame>
  );
}

type TextAreaFieldProps = ComponentProps<"textarea"> & { label: string; hint?: ReactNode; error?: string | null };

export function TextAreaField({ label, hint, error, className, ...textarea }: TextAreaFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {({ id, describedBy }) => <textarea id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} className={cx(controlClasses, "font-mono", className)} {...textarea} />}
    </FieldFrame>
  );
}

type SelectFieldProps = ComponentProps<"select"> & { label: string; hint?: ReactNode; error?: string | null };

export function SelectField({ label, hint, error, className, children, ...select }: SelectFieldProps) {
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {({ id, describedBy }) => (
        <select id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} className={cx(controlClasses, "pr-8", className)} {...select}>
          {children}
        </select>
      )}
    </FieldFrame>
  );
}

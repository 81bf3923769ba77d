import type { ReactNode } from "react";
import { cx } from "./class-names";

type CardProps = { title?: string; description?: ReactNode; actions?: ReactNode; className?: string; children: ReactNode };

/** A titled section; the title is a heading so the page outline stays navigable by heading. */
export function Card({ title, description, actions, className, children }: CardProps) {
  return (
    <section className={cx("rounded-lg bg-white shadow-sm ring-1 ring-slate-200", className)} aria-label={title}>
      {(title || actions) && (
        <header className="flex items-start justify-between gap-4 border-b border-slate-200 px-5 py-4">
          <div>
            {title && <h2 className="text-base font-semibold text-slate-900">{title}</h2>}
            {description && <p className="mt-1 text-sm text-slate-500">{description}</p>}
          </div>
          {actions}
        </header>
      )}
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}

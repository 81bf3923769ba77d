import { CopyButton } from "./copy-button";

/** A labelled, copyable block of code; the label names the region for screen readers. */
export function CodeBlock({ label, code }: { label: string; code: string }) {
  return (
    <figure className="overflow-hidden rounded-md ring-1 ring-slate-800">
      <figcaption className="flex items-center justify-between bg-slate-800 px-3 py-1.5 text-xs font-medium text-slate-200">
        <span>{label}</span>
        <CopyButton text={code} label={`Copy ${label}`} />
      </figcaption>
      <pre className="overflow-x-auto bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100" tabIndex={0}>
        <code>{code}</code>
      </pre>
    </figure>
  );
}

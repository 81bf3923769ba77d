"use client";

import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

/**
 * Elements styled one by one (the console has no typography plugin). Images become links to the
 * image: a README is written by whoever publishes, and loading its images would tell a third-party
 * host who looked at the page and when.
 */
const COMPONENTS: Components = {
  h1: ({ children }) => <h2 className="mt-6 mb-3 text-xl font-semibold text-slate-900 first:mt-0">{children}</h2>,
  h2: ({ children }) => <h3 className="mt-6 mb-2 text-lg font-semibold text-slate-900 first:mt-0">{children}</h3>,
  h3: ({ children }) => <h4 className="mt-4 mb-2 text-base font-semibold text-slate-900 first:mt-0">{children}</h4>,
  h4: ({ children }) => <h5 className="mt-4 mb-2 text-sm font-semibold text-slate-900">{children}</h5>,
  p: ({ children }) => <p className="my-3 leading-6 text-slate-700">{children}</p>,
  a: ({ href, children }) => (
    <a href={href} className="text-brand-700 underline" rel="noopener noreferrer nofollow" target="_blank">
      {children}
    </a>
  ),
  img: ({ src, alt }) =>
    typeof src === "string" && src !== "" ? (
      <a href={src} className="text-brand-700 underline" rel="noopener noreferrer nofollow" target="_blank">
        {alt || "image"}
      </a>
    ) : (
      <span>{alt}</span>
    ),
  ul: ({ children }) => <ul className="my-3 list-disc space-y-1 pl-6 text-slate-700">{children}</ul>,
  ol: ({ children }) => <ol className="my-3 list-decimal space-y-1 pl-6 text-slate-700">{children}</ol>,
  blockquote: ({ children }) => <blockquote className="my-3 border-l-4 border-slate-200 pl-4 text-slate-600">{children}</blockquote>,
  pre: ({ children }) => <pre className="my-3 overflow-x-auto rounded-md bg-slate-900 p-4 text-xs leading-5 text-slate-100 [&_code]:bg-transparent [&_code]:p-0 [&_code]:text-inherit">{children}</pre>,
  code: ({ children }) => <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">{children}</code>,
  table: ({ children }) => (
    <div className="my-3 overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">{children}</table>
    </div>
  ),
  th: ({ children }) => <th className="px-3 py-1.5 text-left font-semibold text-slate-700">{children}</th>,
  td: ({ children }) => <td className="border-t border-slate-100 px-3 py-1.5 text-slate-700">{children}</td>,
  hr: () => <hr className="my-6 border-slate-200" />,
};

/**
 * A package's README as Markdown (with GitHub's tables and task lists). Raw HTML in it is dropped,
 * never rendered, and react-markdown's URL filter empties `javascript:` and other unsafe links, so
 * a publisher cannot run script in the console of whoever opens the page.
 */
export function PackageReadme({ markdown }: { markdown: string }) {
  if (markdown.trim() === "") return <p className="text-sm text-slate-500">This package has no README.</p>;
  return (
    <div className="text-sm" data-testid="package-readme">
      <Markdown remarkPlugins={[remarkGfm]} skipHtml components={COMPONENTS}>
        {markdown}
      </Markdown>
    </div>
  );
}

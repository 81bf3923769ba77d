import type { ComponentProps, ReactNode } from "react";
import { cx } from "./class-names";

/** A captioned table; the caption is visually hidden when the surrounding card already titles it. */
export function Table({ caption, captionHidden = true, children }: { caption: string; captionHidden?: boolean; children: ReactNode }) {
  return (
    <div className="-mx-5 overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className={captionHidden ? "sr-only" : "px-5 pb-2 text-left text-sm font-medium text-slate-700"}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function Th({ className, ...rest }: ComponentProps<"th">) {
  return <th scope="col" className={cx("px-5 py-2 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase", className)} {...rest} />;
}

export function Td({ className, ...rest }: ComponentProps<"td">) {
  return <td className={cx("px-5 py-2.5 align-middle text-slate-700", className)} {...rest} />;
}

export function Tbody(props: ComponentProps<"tbody">) {
  return <tbody className="divide-y divide-slate-100" {...props} />;
}

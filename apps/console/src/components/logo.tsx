import Link from "next/link";

export function Logo() {
  return (
    <Link href="/clusters" className="inline-flex items-center gap-2 rounded-md text-lg font-semibold tracking-tight text-slate-900">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6 text-brand-600" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round">
        <path d="M3 8c3-3 6 3 9 0s6 3 9 0M3 14c3-3 6 3 9 0s6 3 9 0M3 20c3-3 6 3 9 0s6 3 9 0" />
      </svg>
      Freshet Cloud
    </Link>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { Logo } from "@/components/logo";
import { buttonClasses } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

/** Every address the console has no page for: the brand, what happened and a way back. */
export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12 text-center">
      <div className="mb-8">
        <Logo />
      </div>
      <p className="font-mono text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Page not found</h1>
      <p className="mt-3 max-w-md text-sm text-slate-600">There is no page at this address. The link may be mistyped, or what it pointed to was moved or deleted.</p>
      <Link href="/clusters" className={`${buttonClasses("primary", "md")} mt-6`}>
        Go to your clusters
      </Link>
    </main>
  );
}

"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui/class-names";
import { usePermissions } from "../orgs/permissions";

// API keys and the audit log are for admins only; the API refuses them to everyone else.
const LINKS = [
  { href: "/clusters", label: "Clusters", adminOnly: false },
  { href: "/members", label: "Members", adminOnly: false },
  { href: "/api-keys", label: "API keys", adminOnly: true },
  { href: "/audit", label: "Audit log", adminOnly: true },
] as const;

export function MainNav() {
  const pathname = usePathname();
  const { canAdminister } = usePermissions();
  return (
    <nav aria-label="Main">
      <ul className="flex gap-1">
        {LINKS.filter((link) => canAdminister || !link.adminOnly).map((link) => {
          const current = pathname === link.href || pathname.startsWith(`${link.href}/`);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={current ? "page" : undefined}
                className={cx("rounded-md px-3 py-1.5 text-sm font-medium", current ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900")}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

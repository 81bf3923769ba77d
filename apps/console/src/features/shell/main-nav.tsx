"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import { cx } from "@/components/ui/class-names";
import { usePermissions } from "../orgs/permissions";

// API keys and the audit log are for admins only, the staff page for Freshet staff; the API refuses them to everyone else.
const LINKS = [
  { href: "/clusters", label: "Clusters", adminOnly: false, staffOnly: false },
  { href: "/alerts", label: "Alerts", adminOnly: false, staffOnly: false },
  { href: "/hub", label: "Hub", adminOnly: false, staffOnly: false },
  { href: "/members", label: "Members", adminOnly: false, staffOnly: false },
  { href: "/billing", label: "Billing", adminOnly: false, staffOnly: false },
  { href: "/pricing", label: "Pricing", adminOnly: false, staffOnly: false },
  { href: "/api-keys", label: "API keys", adminOnly: true, staffOnly: false },
  { href: "/audit", label: "Audit log", adminOnly: true, staffOnly: false },
  { href: "/staff", label: "Staff", adminOnly: false, staffOnly: true },
] as const;

export function MainNav() {
  const pathname = usePathname();
  const { canAdminister } = usePermissions();
  const trpc = useTRPC();
  const isStaff = useQuery(trpc.me.get.queryOptions()).data?.user.isStaff === true;
  return (
    <nav aria-label="Main">
      <ul className="flex gap-1">
        {LINKS.filter((link) => (canAdminister || !link.adminOnly) && (isStaff || !link.staffOnly)).map((link) => {
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

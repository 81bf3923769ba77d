"use client";

import type { Route } from "next";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui/class-names";

/** The sections of a running cluster; each is a route under /clusters/[clusterId]. */
const TABS = [
  { segment: "", label: "Overview" },
  { segment: "/topics", label: "Topics" },
  { segment: "/groups", label: "Consumer groups" },
  { segment: "/smartmodules", label: "SmartModules" },
  { segment: "/connectors", label: "Connectors" },
  { segment: "/dataflows", label: "Dataflows" },
  { segment: "/views", label: "Views" },
  { segment: "/pipelines", label: "Pipelines" },
  { segment: "/access", label: "Access" },
] as const;

export function ClusterTabs({ clusterId }: { clusterId: string }) {
  const pathname = usePathname();
  const base = `/clusters/${clusterId}`;
  return (
    <nav aria-label="Cluster" className="mb-6 border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-1">
        {TABS.map((tab) => {
          const href = `${base}${tab.segment}`;
          const current = tab.segment === "" ? pathname === base : pathname === href || pathname.startsWith(`${href}/`);
          return (
            <li key={tab.segment}>
              <Link
                href={href as Route}
                aria-current={current ? "page" : undefined}
                className={cx(
                  "inline-block border-b-2 px-3 py-2 text-sm font-medium",
                  current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

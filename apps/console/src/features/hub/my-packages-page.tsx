"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { PageHeader } from "@/components/ui/page-header";
import { QueryTable } from "@/components/ui/query-table";
import { Alert } from "@/components/ui/alert";
import { Td } from "@/components/ui/table";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { usePermissions } from "../orgs/permissions";
import { HubGroups } from "./hub-groups";
import { HubKeys } from "./hub-keys";
import { VersionsTable } from "./versions-table";

const PUBLISH_STEPS = `freshet hub login
freshet hub keygen --name laptop
freshet hub publish`;

/** One package's versions, loaded when its row is opened, with yank and unyank. */
function PackageVersions({ group, name, canYank }: { group: string; name: string; canYank: boolean }) {
  const trpc = useTRPC();
  const hubPackage = useQuery(trpc.hub.package.queryOptions({ group, name }));
  if (hubPackage.isPending) return <p className="text-sm text-slate-500">Loading versions…</p>;
  if (hubPackage.error) return <Alert tone="error">{errorMessage(hubPackage.error)}</Alert>;
  return <VersionsTable group={group} name={name} versions={hubPackage.data.versions} latest={hubPackage.data.latest} canYank={canYank} />;
}

/** The organization's side of the Hub: its packages with their downloads, its groups and its signing keys. */
export function MyPackagesPage() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.hub.mine.queryOptions());
  const { canChange } = usePermissions();
  const [open, setOpen] = useState<string | null>(null);

  return (
    <>
      <PageHeader title="My packages" description="What this organization publishes to the Hub." />
      <div className="space-y-6">
        <Card title="Packages">
          <QueryTable
            query={mine}
            rows={mine.data}
            loading="Loading packages…"
            empty="This organization has not published anything yet. Claim a group below, then publish from the CLI."
            caption="My packages"
            columns={["Package", "Kind", "Latest", "Versions", "Downloads (30 days)", "Downloads (all time)"]}
            actions
          >
            {(pkg) => {
              const ref = `${pkg.group}/${pkg.name}`;
              return (
                <Fragment key={ref}>
                  <tr aria-label={ref}>
                    <Td>
                      <Link href={`/hub/${pkg.group}/${pkg.name}`} className="font-mono font-medium text-brand-700 hover:underline">
                        {ref}
                      </Link>
                      {pkg.visibility === "private" && (
                        <span className="ml-2">
                          <Badge tone="progress">Private</Badge>
                        </span>
                      )}
                    </Td>
                    <Td>{pkg.kind === "smartmodule" ? "SmartModule" : "Connector"}</Td>
                    <Td className="font-mono text-xs">{pkg.latestVersion ?? "—"}</Td>
                    <Td>{pkg.versions}</Td>
                    <Td>{pkg.downloads30d}</Td>
                    <Td>{pkg.downloadsTotal}</Td>
                    <Td className="text-right">
                      <Button variant="ghost" size="sm" aria-expanded={open === ref} onClick={() => setOpen(open === ref ? null : ref)}>
                        {open === ref ? "Hide versions" : "Versions"}
                      </Button>
                    </Td>
                  </tr>
                  {open === ref && (
                    <tr>
                      <td colSpan={7} className="bg-slate-50 px-5 py-3">
                        <PackageVersions group={pkg.group} name={pkg.name} canYank={canChange} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            }}
          </QueryTable>
        </Card>
        <Card title="Publishing" description="Packages are published from the CLI with a key whose private half never leaves your machine.">
          <CodeBlock label="Shell" code={PUBLISH_STEPS} />
        </Card>
        <HubGroups />
        <HubKeys />
      </div>
    </>
  );
}

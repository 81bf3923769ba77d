"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { usePermissions } from "../orgs/permissions";
import { DownloadsChart } from "./downloads-chart";
import { signatureSentence } from "./hub-text";
import { InstallForm } from "./install-form";
import { PackageReadme } from "./package-readme";
import { VersionsTable } from "./versions-table";

/** One package: README, versions, signature, downloads, and installing it into a cluster. */
export function PackagePage({ group, name }: { group: string; name: string }) {
  const trpc = useTRPC();
  const hubPackage = useQuery(trpc.hub.package.queryOptions({ group, name }));
  const { canChange } = usePermissions();

  if (hubPackage.isPending) {
    return (
      <p role="status" className="text-sm text-slate-500">
        Loading {group}/{name}…
      </p>
    );
  }
  if (hubPackage.error) return <Alert tone="error">{errorMessage(hubPackage.error)}</Alert>;
  const pkg = hubPackage.data;
  const latest = pkg.versions.find((v) => v.version === pkg.latest) ?? null;

  return (
    <>
      <PageHeader
        title={
          <span className="font-mono">
            {pkg.group}/{pkg.name}
          </span>
        }
        description={pkg.description}
        actions={
          <div className="flex flex-wrap gap-2">
            <Badge>{pkg.kind === "smartmodule" ? "SmartModule" : "Connector"}</Badge>
            {pkg.visibility === "private" && <Badge tone="progress">Private</Badge>}
            {pkg.latest !== null && <Badge tone="good">{pkg.latest}</Badge>}
          </div>
        }
      />
      <div className="space-y-6">
        {pkg.takenDown !== null && (
          <Alert tone="error" title="This package was taken down by Freshet">
            {pkg.takenDown.reason}
          </Alert>
        )}
        <div className="grid gap-6 lg:grid-cols-3">
          <div className="space-y-6 lg:col-span-2">
            <Card title="README">
              <PackageReadme markdown={pkg.readme} />
            </Card>
          </div>
          <div className="space-y-6">
            <Card title="Install">
              {pkg.kind === "connector" ? (
                <p className="text-sm text-slate-500">Deploying connectors from the hub is not supported yet.</p>
              ) : pkg.takenDown !== null ? (
                <p className="text-sm text-slate-500">A package that was taken down cannot be installed.</p>
              ) : canChange ? (
                <InstallForm group={pkg.group} name={pkg.name} latest={pkg.latest} versions={pkg.versions} />
              ) : (
                <p className="text-sm text-slate-500">Your role in this organization is viewer; a member can install packages into its clusters.</p>
              )}
            </Card>
            <Card title="About">
              <dl className="space-y-3 text-sm">
                <div>
                  <dt className="font-medium text-slate-700">Signature</dt>
                  <dd className="text-slate-600" data-testid="signature-status">
                    {latest === null
                      ? "No version to install."
                      : `${signatureSentence(latest.keyId, pkg.group)}; the Hub verified it when ${latest.version} was published and the cluster verifies it again when loading.`}
                  </dd>
                </div>
                <div>
                  <dt className="font-medium text-slate-700">License</dt>
                  <dd className="text-slate-600">{pkg.license}</dd>
                </div>
                {pkg.repository && (
                  <div>
                    <dt className="font-medium text-slate-700">Repository</dt>
                    <dd className="truncate">
                      <a href={pkg.repository} className="text-brand-700 hover:underline" rel="noopener noreferrer nofollow" target="_blank">
                        {pkg.repository}
                      </a>
                    </dd>
                  </div>
                )}
                {pkg.keywords.length > 0 && (
                  <div>
                    <dt className="font-medium text-slate-700">Keywords</dt>
                    <dd className="mt-1 flex flex-wrap gap-1">
                      {pkg.keywords.map((keyword) => (
                        <Link key={keyword} href={`/hub?q=${encodeURIComponent(keyword)}`} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-200">
                          {keyword}
                        </Link>
                      ))}
                    </dd>
                  </div>
                )}
              </dl>
            </Card>
            <Card title="Downloads">
              <DownloadsChart downloadsPerDay={pkg.downloadsPerDay} now={new Date()} />
            </Card>
          </div>
        </div>
        <Card title="Versions" description="Versions are immutable. A yanked version is skipped by ranges but still installs by its exact number.">
          <VersionsTable group={pkg.group} name={pkg.name} versions={pkg.versions} latest={pkg.latest} canYank={pkg.ownedByMe && canChange} />
        </Card>
      </div>
    </>
  );
}

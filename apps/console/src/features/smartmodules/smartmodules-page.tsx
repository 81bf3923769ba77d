"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { READ_ONLY_NOTE, usePermissions } from "../orgs/permissions";
import { ClusterHubUpdates } from "../hub/cluster-hub-updates";
import { provenanceLabel } from "../hub/hub-text";
import { formatBytes } from "../topics/format";
import { LoadSmartModuleForm } from "./load-smartmodule-form";

/** A provenance's package is `group/name`, which is also the package page's path under /hub. */
const hubPackageHref = (reference: string) => `/hub/${reference}` as Route;

/** The cluster's SmartModules tab: what is loaded, what each takes and where it is used; load and delete. */
export function SmartModulesPage({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const modules = useQuery(trpc.smartModules.list.queryOptions({ clusterId }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.smartModules.list.queryKey({ clusterId }) });
  const remove = useMutation(trpc.smartModules.delete.mutationOptions({ onSuccess: invalidate }));
  const { canChange } = usePermissions();

  return (
    <div className="space-y-6">
      <Card title="Load a SmartModule" description="A .wasm component built with smdk (freshet sm build). Loading compiles it on the cluster, which takes a little while.">
        {canChange ? <LoadSmartModuleForm clusterId={clusterId} onLoaded={() => void invalidate()} /> : <p className="text-sm text-slate-500">{READ_ONLY_NOTE}</p>}
      </Card>
      <ClusterHubUpdates clusterId={clusterId} onUpdated={() => void invalidate()} />
      <Card title="SmartModules">
        {remove.error && (
          <div className="mb-4">
            <Alert tone="error">{errorMessage(remove.error)}</Alert>
          </div>
        )}
        <QueryTable
          query={modules}
          rows={modules.data}
          loading="Loading SmartModules…"
          empty="No SmartModules loaded yet."
          caption="SmartModules"
          columns={["Module", "Kind", "Parameters", "Size", "Used by", "Loaded"]}
          actions
        >
          {(module) => {
            const id = `${module.name}@${module.version}`;
            return (
              <tr key={id} aria-label={id}>
                <Td className="max-w-xs">
                  <span className="block truncate font-mono font-medium text-slate-900" title={id}>
                    {id}
                  </span>
                  {module.description && <span className="block text-xs text-slate-500">{module.description}</span>}
                  {module.provenance !== null && (
                    <Link href={hubPackageHref(module.provenance.package)} className="block text-xs text-brand-700 hover:underline" data-testid="hub-provenance">
                      {provenanceLabel(module.provenance)}
                    </Link>
                  )}
                </Td>
                <Td>{module.kind}</Td>
                <Td>
                  {module.params.length === 0 ? (
                    "—"
                  ) : (
                    <ul className="space-y-0.5">
                      {module.params.map((p) => (
                        <li key={p.name} className="font-mono text-xs" title={p.description ?? undefined}>
                          {p.name}: {p.type}
                          {p.default !== null && <span className="text-slate-500"> = {p.default}</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                </Td>
                <Td>{formatBytes(module.sizeBytes)}</Td>
                <Td className="max-w-xs">
                  {module.usedBy.length === 0 ? (
                    <span className="text-slate-500">not used</span>
                  ) : (
                    <ul>
                      {module.usedBy.map((use) => (
                        <li key={use.topic} className="truncate">
                          <Link href={`/clusters/${clusterId}/topics/${encodeURIComponent(use.topic)}`} title={use.topic} className="text-brand-700 hover:underline">
                            {use.topic}
                          </Link>
                          <span className="text-xs text-slate-500">{use.derived ? " (derived)" : " (on produce)"}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </Td>
                <Td>
                  <Time value={module.loadedAt} />
                </Td>
                <Td className="text-right">
                  {canChange &&
                    (module.usedBy.length > 0 ? (
                      <span className="text-xs text-slate-500">in use</span>
                    ) : (
                      <ConfirmButton
                        label="Delete"
                        confirmLabel={`Delete ${id}`}
                        busy={remove.isPending && remove.variables.name === module.name && remove.variables.version === module.version}
                        onConfirm={() => remove.mutate({ clusterId, name: module.name, version: module.version })}
                      />
                    ))}
                </Td>
              </tr>
            );
          }}
        </QueryTable>
      </Card>
    </div>
  );
}

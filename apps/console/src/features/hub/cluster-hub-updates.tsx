"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { usePermissions } from "../orgs/permissions";
import { updateSentence } from "./hub-text";

/**
 * Moves the cluster's hub SmartModules to the newest versions their ranges allow, now or on the
 * worker's schedule (auto-update). The cluster checks each new version's signature before loading it.
 */
export function ClusterHubUpdates({ clusterId, onUpdated }: { clusterId: string; onUpdated: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cluster = useQuery(trpc.clusters.get.queryOptions({ clusterId }));
  const update = useMutation(trpc.hub.update.mutationOptions({ onSuccess: onUpdated }));
  const autoUpdate = useMutation(trpc.hub.setAutoUpdate.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.clusters.get.queryKey({ clusterId }) }) }));
  const { canChange } = usePermissions();
  // The box shows the person's choice from the click on, not from the mutation's first render a tick
  // later: a controlled checkbox left on the old value in between flips back (and a test's check()
  // sees it unchanged). It falls back to the cluster's value once the saved one has been read back.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const enabled = chosen ?? cluster.data?.hubAutoUpdate === true;

  return (
    <Card
      title="Hub updates"
      description={
        <>
          SmartModules installed from the{" "}
          <Link href="/hub" className="text-brand-700 hover:underline">
            Hub
          </Link>{" "}
          follow the version range they were installed with.
        </>
      }
    >
      <div className="space-y-3">
        <div className="flex flex-wrap items-center gap-4">
          {canChange && (
            <Button variant="secondary" busy={update.isPending} onClick={() => update.mutate({ clusterId })}>
              {update.isPending ? "Updating…" : "Update from Hub"}
            </Button>
          )}
          <label className="inline-flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              className="size-4 rounded border-slate-300 text-brand-600"
              checked={enabled}
              disabled={!canChange || cluster.data === undefined || autoUpdate.isPending}
              onChange={(event) => {
                setChosen(event.target.checked);
                autoUpdate.mutate({ clusterId, enabled: event.target.checked }, { onSettled: () => setChosen(null) });
              }}
            />
            Update automatically (checked every hour)
          </label>
        </div>
        {update.data && !update.isPending && <Alert tone="success">{updateSentence(update.data.updated)}</Alert>}
        {update.error && <Alert tone="error">{errorMessage(update.error)}</Alert>}
        {autoUpdate.error && <Alert tone="error">{errorMessage(autoUpdate.error)}</Alert>}
      </div>
    </Card>
  );
}

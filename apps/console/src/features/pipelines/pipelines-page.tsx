"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { Table, Tbody, Td, Th } from "@/components/ui/table";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { READ_ONLY_NOTE, usePermissions } from "../orgs/permissions";
import { PIPELINE_REFRESH_MS, PipelineStatusBadge } from "./pipeline-status";
import { pipelineTemplate } from "./pipeline-template";

/** The cluster's Pipelines tab: each pipeline with its status and running version, and "New pipeline". */
export function PipelinesPage({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const pipelines = useQuery({ ...trpc.pipelines.list.queryOptions({ clusterId }), refetchInterval: PIPELINE_REFRESH_MS });
  const { canChange } = usePermissions();
  const [creating, setCreating] = useState(false);
  return (
    <div className="space-y-6">
      {creating && <NewPipelineForm clusterId={clusterId} onCancel={() => setCreating(false)} />}
      <Card
        title="Pipelines"
        description="Sources, SmartModules, dataflow operators, views and sinks drawn as one graph, deployed as connectors and a dataflow."
        actions={canChange ? !creating && <Button onClick={() => setCreating(true)}>New pipeline</Button> : <p className="text-sm text-slate-500">{READ_ONLY_NOTE}</p>}
      >
        {pipelines.error && <Alert tone="error">{errorMessage(pipelines.error)}</Alert>}
        {pipelines.data === undefined ? (
          <p className="text-sm text-slate-500">Loading pipelines…</p>
        ) : pipelines.data.length === 0 ? (
          <p className="text-sm text-slate-500">
            No pipelines yet. A pipeline reads topics or external systems, transforms and aggregates what arrives, and writes views, topics and external systems.
          </p>
        ) : (
          <Table caption="Pipelines">
            <thead>
              <tr>
                {["Name", "Status", "Version", "Updated"].map((column) => (
                  <Th key={column}>{column}</Th>
                ))}
              </tr>
            </thead>
            <Tbody>
              {pipelines.data.map((pipeline) => (
                <tr key={pipeline.id} data-pipeline={pipeline.name}>
                  <Td className="font-mono">
                    <Link className="text-brand-700 hover:underline" href={`/clusters/${clusterId}/pipelines/${pipeline.id}` as Route}>
                      {pipeline.name}
                    </Link>
                  </Td>
                  <Td>
                    <PipelineStatusBadge status={pipeline.status} />
                  </Td>
                  <Td className="tabular-nums">{pipeline.currentVersion === null ? "not deployed" : `v${pipeline.currentVersion.toString()}`}</Td>
                  <Td className="tabular-nums">{new Date(pipeline.updatedAt).toLocaleString("en-GB")}</Td>
                </tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}

/** A name, then the builder on a template document (a draft: nothing is deployed yet). */
function NewPipelineForm({ clusterId, onCancel }: { clusterId: string; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState("");
  const create = useMutation(trpc.pipelines.create.mutationOptions());
  return (
    <Card title="New pipeline" description="It starts as a draft from a template: nothing runs until you deploy it.">
      <form
        aria-label="New pipeline"
        className="flex items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate(
            { clusterId, yaml: pipelineTemplate(name.trim()) },
            {
              onSuccess: ({ pipelineId }) => {
                void queryClient.invalidateQueries({ queryKey: trpc.pipelines.list.queryKey({ clusterId }) });
                router.push(`/clusters/${clusterId}/pipelines/${pipelineId}` as Route);
              },
            },
          );
        }}
      >
        <div className="w-80">
          <TextField label="Pipeline name" hint="Lowercase letters, digits and dashes, up to 30." autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />
        </div>
        <Button type="submit" busy={create.isPending} disabled={name.trim() === ""}>
          Create
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </form>
      {create.error && <Alert tone="error">{errorMessage(create.error)}</Alert>}
    </Card>
  );
}

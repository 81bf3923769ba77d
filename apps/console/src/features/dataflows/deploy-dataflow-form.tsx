"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { STOCK_TEMPLATE } from "./dataflow-templates";
import { YamlEditor } from "./yaml-editor";

/** How long typing pauses before the document is validated again. */
const VALIDATE_AFTER_MS = 400;

/** Deploy from YAML: validated as it is typed (each problem at its line); Deploy only for a valid document. */
export function DeployDataflowForm({ clusterId, initial, onDone }: { clusterId: string; initial?: string; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [yaml, setYaml] = useState(initial ?? STOCK_TEMPLATE);
  const [settled, setSettled] = useState(yaml);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(yaml), VALIDATE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [yaml]);
  const validation = useQuery({ ...trpc.dataflows.validate.queryOptions({ yaml: settled }), enabled: settled.trim().length > 0, retry: false });
  const deploy = useMutation(trpc.dataflows.deploy.mutationOptions());
  const current = settled === yaml && validation.data !== undefined ? validation.data : null;

  return (
    <Card title="Deploy a dataflow" description="A dataflow runs beside the cluster: it reads topics, keeps windows and aggregates, and writes topics and queryable views.">
      <form
        aria-label="Deploy dataflow"
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (current?.ok !== true) return;
          deploy.mutate(
            { clusterId, yaml },
            {
              onSuccess: () => {
                void queryClient.invalidateQueries({ queryKey: trpc.dataflows.list.queryKey({ clusterId }) });
                void queryClient.invalidateQueries({ queryKey: trpc.views.list.queryKey({ clusterId }) });
                onDone();
              },
            },
          );
        }}
      >
        <YamlEditor label="Dataflow YAML" value={yaml} onChange={setYaml} errors={current?.ok === false ? current.errors : []} />
        {current?.ok === true && (
          <p role="status" className="text-sm text-emerald-700">
            Valid: dataflow “{current.name}”.
          </p>
        )}
        {validation.error && <Alert tone="error">{errorMessage(validation.error)}</Alert>}
        {deploy.error && <Alert tone="error">{errorMessage(deploy.error)}</Alert>}
        <div className="flex gap-3">
          <Button type="submit" disabled={current?.ok !== true} busy={deploy.isPending}>
            Deploy
          </Button>
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}

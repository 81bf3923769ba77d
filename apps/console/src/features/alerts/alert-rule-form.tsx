"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/error-message";
import { useTRPC, type RouterInputs } from "@/lib/trpc";
import { KIND_LABELS } from "./alert-text";

type RuleSpec = RouterInputs["alerts"]["rules"]["create"]["rule"];
type Kind = RuleSpec["condition"]["kind"];

const text = (form: FormData, name: string): string => String(form.get(name) ?? "").trim();
/** A number field, or null when left empty. */
const optionalNumber = (form: FormData, name: string): number | null => (text(form, name) === "" ? null : Number(text(form, name)));

/** The rule the form describes; the API checks it again and answers its problems as sentences. */
function ruleOf(form: FormData, kind: Kind): RuleSpec {
  // The error-rate select's values are "connector:<id>" or "pipeline:<id>".
  const [watched = "", watchedId = ""] = text(form, "watched").split(":");
  const target: RuleSpec["target"] =
    kind !== "errorRate" ? { kind: "topic", topic: text(form, "topic") } : watched === "pipeline" ? { kind: "pipeline", pipelineId: watchedId } : { kind: "connector", connectorId: watchedId };
  const condition: RuleSpec["condition"] =
    kind === "stalled"
      ? { kind }
      : kind === "lagGrowing"
        ? { kind, groupId: text(form, "groupId") }
        : kind === "errorRate"
          ? { kind, maxPerMinute: Number(text(form, "maxPerMinute")) }
          : { kind, min: optionalNumber(form, "min"), max: optionalNumber(form, "max") };
  return { name: text(form, "name"), target, condition, windowSeconds: Math.round(Number(text(form, "windowMinutes")) * 60) };
}

export function AlertRuleForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const running = (clusters.data ?? []).filter((c) => c.status === "Running");
  const [clusterId, setClusterId] = useState("");
  const [kind, setKind] = useState<Kind>("stalled");
  const chosenCluster = clusterId || running[0]?.id || "";
  const connectors = useQuery({ ...trpc.connectors.list.queryOptions({ clusterId: chosenCluster }), enabled: kind === "errorRate" && chosenCluster !== "" });
  const pipelines = useQuery({ ...trpc.pipelines.list.queryOptions({ clusterId: chosenCluster }), enabled: kind === "errorRate" && chosenCluster !== "" });
  const create = useMutation(
    trpc.alerts.rules.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.list.queryKey() }),
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    create.mutate({ clusterId: chosenCluster, rule: ruleOf(new FormData(formElement), kind) }, { onSuccess: () => formElement.reset() });
  }

  if (clusters.data !== undefined && running.length === 0) return <p className="text-sm text-slate-500">Alerts watch a running cluster; create one first.</p>;
  return (
    <form onSubmit={submit} aria-label="Create alert" className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <TextField label="Name" name="name" required maxLength={80} placeholder="orders stalled" />
        <SelectField label="Cluster" name="clusterId" value={chosenCluster} onChange={(e) => setClusterId(e.target.value)}>
          {running.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {(Object.keys(KIND_LABELS) as Kind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </SelectField>
        <TextField label="Window (minutes)" name="windowMinutes" type="number" required min={0.1} step="any" defaultValue="5" hint="How long the condition must hold." />
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {kind === "errorRate" ? (
          <SelectField label="Connector or pipeline" name="watched" required>
            <optgroup label="Pipelines">
              {(pipelines.data ?? []).map((p) => (
                <option key={p.id} value={`pipeline:${p.id}`}>
                  {p.name}
                </option>
              ))}
            </optgroup>
            <optgroup label="Connectors">
              {(connectors.data ?? []).map((c) => (
                <option key={c.id} value={`connector:${c.id}`}>
                  {c.name}
                </option>
              ))}
            </optgroup>
          </SelectField>
        ) : (
          <TextField label="Topic" name="topic" required maxLength={249} placeholder="orders" />
        )}
        {kind === "lagGrowing" && <TextField label="Consumer group" name="groupId" required maxLength={255} placeholder="billing" />}
        {kind === "errorRate" && <TextField label="Errors per minute above" name="maxPerMinute" type="number" required min={0} step="any" defaultValue="1" />}
        {kind === "throughput" && (
          <>
            <TextField label="Lowest records/s" name="min" type="number" min={0} step="any" hint="Empty: no lower bound." />
            <TextField label="Highest records/s" name="max" type="number" min={0} step="any" hint="Empty: no upper bound." />
          </>
        )}
      </div>
      {create.error && <Alert tone="error">{errorMessage(create.error)}</Alert>}
      <Button type="submit" busy={create.isPending}>
        Create alert
      </Button>
    </form>
  );
}

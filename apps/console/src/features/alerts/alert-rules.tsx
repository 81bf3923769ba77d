"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { usePermissions } from "../orgs/permissions";
import { conditionText, KIND_LABELS, targetText } from "./alert-text";

/** How often the page looks for new states: the worker evaluates every 30 s by default. */
export const ALERTS_REFRESH_MS = 5_000;

export function AlertRules() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canChange } = usePermissions();
  const rules = useQuery({ ...trpc.alerts.rules.list.queryOptions({}), refetchInterval: ALERTS_REFRESH_MS });
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const clusterNames = new Map((clusters.data ?? []).map((c) => [c.id, c.name]));
  const connectors = useQuery(trpc.connectors.list.queryOptions({}));
  const pipelines = useQuery(trpc.pipelines.list.queryOptions({}));
  const targetNames = new Map([...(connectors.data ?? []), ...(pipelines.data ?? [])].map((c) => [c.id, c.name]));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.list.queryKey() });
  const update = useMutation(trpc.alerts.rules.update.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.alerts.rules.delete.mutationOptions({ onSuccess: invalidate }));
  return (
    <Card title="Rules">
      {(update.error ?? remove.error) && <Alert tone="error">{errorMessage(update.error ?? remove.error)}</Alert>}
      <QueryTable
        query={rules}
        rows={rules.data}
        loading="Loading alerts…"
        empty="No alerts yet."
        caption="Alert rules"
        columns={["State", "Name", "Watches", "Condition", "Last checked"]}
        actions={canChange}
      >
        {(rule) => (
          <tr key={rule.id} data-testid={`alert-rule-${rule.name}`} className={rule.state === "firing" ? "bg-red-50" : undefined}>
            <Td>
              {!rule.enabled ? (
                <Badge>Disabled</Badge>
              ) : rule.state === "firing" ? (
                <Badge tone="bad" pulse>
                  Firing
                </Badge>
              ) : (
                <Badge tone="good">OK</Badge>
              )}
            </Td>
            <Td className="font-medium">
              {rule.name}
              {rule.state === "firing" && rule.stateSummary !== null && <p className="text-xs font-normal text-red-700">{rule.stateSummary}</p>}
              {rule.lastError !== null && <p className="text-xs font-normal text-amber-700">{rule.lastError}</p>}
            </Td>
            <Td>
              {targetText(rule.target, targetNames)} on {clusterNames.get(rule.clusterId) ?? rule.clusterId}
            </Td>
            <Td>
              <span className="text-slate-500">{KIND_LABELS[rule.condition.kind]}:</span> {conditionText(rule)}
            </Td>
            <Td>{rule.lastEvaluatedAt === null ? "Not yet" : <Time value={rule.lastEvaluatedAt} />}</Td>
            {canChange && (
              <Td className="text-right whitespace-nowrap">
                <Button variant="ghost" size="sm" busy={update.isPending && update.variables.ruleId === rule.id} onClick={() => update.mutate({ ruleId: rule.id, enabled: !rule.enabled })}>
                  {rule.enabled ? "Disable" : "Enable"}
                </Button>
                <ConfirmButton
                  label="Delete"
                  confirmLabel={`Delete ${rule.name}`}
                  busy={remove.isPending && remove.variables.ruleId === rule.id}
                  onConfirm={() => remove.mutate({ ruleId: rule.id })}
                />
              </Td>
            )}
          </tr>
        )}
      </QueryTable>
    </Card>
  );
}

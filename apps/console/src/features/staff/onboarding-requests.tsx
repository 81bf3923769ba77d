"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";

/** Requests for white-glove onboarding: approving grants the organization its $750 credit (once ever). */
export function OnboardingRequests() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const requests = useQuery(trpc.staff.onboarding.list.queryOptions());
  const decide = useMutation(trpc.staff.onboarding.decide.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.staff.onboarding.list.queryKey() }) }));
  const [notes, setNotes] = useState<Record<string, string>>({});

  return (
    <Card title="Onboarding requests" description="Approve to grant the $750 white-glove credit; decline with a note the customer sees.">
      {decide.error && <Alert tone="error">{errorMessage(decide.error)}</Alert>}
      <QueryTable query={requests} rows={requests.data} loading="Loading requests…" empty="No requests." caption="Onboarding requests" columns={["Organization", "Request", "Asked", "Status"]} actions>
        {(r) => (
          <tr key={r.id}>
            <Td>
              <p className="font-medium">{r.orgName}</p>
              <p className="text-xs text-slate-500">{r.requestedBy}</p>
            </Td>
            <Td className="max-w-md text-xs">
              <p>{r.workload}</p>
              <p className="text-slate-500">
                Volumes: {r.volumes}. Call: {r.contactTime}.
              </p>
            </Td>
            <Td className="whitespace-nowrap text-xs">
              <Time value={r.createdAt} />
            </Td>
            <Td>
              <Badge tone={r.status === "approved" ? "good" : r.status === "declined" ? "bad" : "progress"}>{r.status}</Badge>
              {r.decisionNote && <p className="mt-1 text-xs text-slate-500">{r.decisionNote}</p>}
            </Td>
            <Td>
              {r.status === "pending" && (
                <div className="flex flex-wrap items-center gap-2">
                  <input
                    aria-label={`Note for ${r.orgName}`}
                    className="w-40 rounded-md px-2 py-1 text-xs ring-1 ring-slate-300"
                    placeholder="Note (optional)"
                    value={notes[r.id] ?? ""}
                    onChange={(event) => setNotes({ ...notes, [r.id]: event.target.value })}
                  />
                  <Button size="sm" busy={decide.isPending && decide.variables.requestId === r.id} onClick={() => decide.mutate({ requestId: r.id, decision: "approve", note: notes[r.id] })}>
                    Approve
                  </Button>
                  <Button size="sm" variant="secondary" onClick={() => decide.mutate({ requestId: r.id, decision: "decline", note: notes[r.id] })}>
                    Decline
                  </Button>
                </div>
              )}
            </Td>
          </tr>
        )}
      </QueryTable>
    </Card>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextAreaField, TextField } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { errorMessage } from "@/lib/error-message";
import { formatMoney } from "@/lib/money";
import { useTRPC } from "@/lib/trpc";

const TONES: Record<"pending" | "approved" | "declined", BadgeTone> = { pending: "progress", approved: "good", declined: "bad" };

/** Ask for white-glove onboarding (a call with an engineer and a $750 credit once approved), and what became of it. */
export function OnboardingCard({ canChange }: { canChange: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const requests = useQuery(trpc.billing.onboarding.queryOptions());
  const request = useMutation(trpc.billing.requestOnboarding.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.billing.onboarding.queryKey() }) }));
  const open = requests.data?.some((r) => r.status !== "declined") ?? true;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    request.mutate({ workload: String(form.get("workload")), volumes: String(form.get("volumes")), contactTime: String(form.get("contactTime")) });
  }

  return (
    <Card title="White-glove onboarding" description="Tell us what you stream: an engineer helps you set it up, and approved requests get a $750 credit (once per organization).">
      <div className="space-y-4">
        {requests.error && <Alert tone="error">{errorMessage(requests.error)}</Alert>}
        {requests.data?.map((r) => (
          <div key={r.id} className="rounded-md px-4 py-3 text-sm ring-1 ring-slate-200" data-testid="onboarding-request">
            <div className="flex items-center justify-between gap-3">
              <span>
                Requested <Time value={r.createdAt} />
              </span>
              <Badge tone={TONES[r.status]}>{r.status === "pending" ? "Waiting for review" : r.status === "approved" ? "Approved" : "Declined"}</Badge>
            </div>
            <p className="mt-1 text-slate-600">{r.workload}</p>
            {r.grantAmountMinor !== null && <p className="mt-1 font-medium text-emerald-800">Credit granted: {formatMoney(r.grantAmountMinor)}</p>}
            {r.decisionNote && <p className="mt-1 text-slate-600">Note from Freshet: {r.decisionNote}</p>}
          </div>
        ))}
        {canChange && !open && (
          <form onSubmit={submit} className="space-y-3" aria-label="Request onboarding">
            <TextAreaField label="What do you stream?" name="workload" required maxLength={2000} rows={3} className="font-sans" />
            <div className="grid gap-3 sm:grid-cols-2">
              <TextField label="Expected volumes" name="volumes" required maxLength={500} placeholder="e.g. 5 MB/s peak, 200 GB a month" />
              <TextField label="When can we call you?" name="contactTime" required maxLength={200} placeholder="e.g. weekdays 9-12 UTC" />
            </div>
            <Button type="submit" busy={request.isPending}>
              Request onboarding
            </Button>
          </form>
        )}
        {request.error && <Alert tone="error">{errorMessage(request.error)}</Alert>}
      </div>
    </Card>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { CLUSTER_NAME_MAX_LENGTH } from "@freshet/control-plane/limits/cluster";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { READ_ONLY_NOTE, usePermissions } from "../orgs/permissions";

type Plan = "free" | "pro";

export function CreateClusterForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [plan, setPlan] = useState<Plan>("free");
  // The plans' limits come from the API, so the form only offers sizes that can succeed.
  const plans = useQuery(trpc.pricing.plans.queryOptions());
  const spusOf = (code: Plan) => plans.data?.find((candidate) => candidate.code === code)?.maxSpus ?? 1;
  const maxSpus = spusOf(plan);
  const create = useMutation(
    trpc.clusters.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.clusters.list.queryKey() }),
    }),
  );

  const { canChange } = usePermissions();
  if (!canChange) return <p className="text-sm text-slate-500">{READ_ONLY_NOTE}</p>;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    create.mutate({ name: String(form.get("name")).trim(), region: "local", plan, spus: Number(form.get("spus") ?? 1) }, { onSuccess: () => formElement.reset() });
  }

  return (
    <form onSubmit={submit} className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end" aria-label="Create cluster">
      {/* No maxLength: a pasted name that is too long is refused with the API's sentence, never cut short. */}
      <TextField label="Cluster name" name="name" required hint={`Up to ${CLUSTER_NAME_MAX_LENGTH} lowercase letters, digits and dashes.`} />
      <SelectField label="Plan" name="plan" value={plan} onChange={(event) => setPlan(event.target.value as Plan)}>
        <option value="free">Free · {spusOf("free") === 1 ? "1 SPU" : `up to ${spusOf("free")} SPUs`}</option>
        <option value="pro">Pro · up to {spusOf("pro")} SPUs</option>
      </SelectField>
      <SelectField label="SPUs" name="spus" defaultValue="1" key={plan}>
        {Array.from({ length: maxSpus }, (_, index) => (
          <option key={index + 1} value={index + 1}>
            {index + 1}
          </option>
        ))}
      </SelectField>
      <Button type="submit" busy={create.isPending} className="sm:mb-5">
        Create cluster
      </Button>
      {create.error && (
        <div className="sm:col-span-4">
          <Alert tone="error">{errorMessage(create.error)}</Alert>
        </div>
      )}
    </form>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import { QueryTable } from "@/components/ui/query-table";
import { Td } from "@/components/ui/table";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { DIMENSION_LABELS, type Dimension } from "../billing/dimension-labels";
import { describePrice } from "../pricing/describe-price";
import { DimensionOptions } from "../billing/dimension-options";

/** The next whole UTC hour, as a datetime-local value read as UTC. */
function nextHour(): string {
  const hour = Math.ceil((Date.now() + 1) / 3_600_000) * 3_600_000;
  return new Date(hour).toISOString().slice(0, 16);
}

/** Every price version, and a form for a new one from a future UTC hour (history is never edited). */
export function PriceVersions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.staff.prices.list.queryOptions());
  const create = useMutation(
    trpc.staff.prices.create.mutationOptions({
      onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: trpc.staff.prices.list.queryKey() }), queryClient.invalidateQueries({ queryKey: trpc.pricing.plans.queryKey() })]),
    }),
  );
  const [formError, setFormError] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const from = String(form.get("effectiveFrom"));
    const at = new Date(`${from}:00.000Z`);
    if (Number.isNaN(at.getTime())) return setFormError("Give the start as a UTC date and hour.");
    setFormError(null);
    create.mutate({
      planId: form.get("planId") === "free" ? "free" : "pro",
      dimension: String(form.get("dimension")) as Dimension,
      effectiveFrom: at.toISOString(),
      price: { kind: "unit", unitPriceMinor: String(form.get("unitPriceMinor")).trim() },
    });
  }

  return (
    <Card title="Price versions" description="A change starts on a future UTC hour and ends the version in force then; past hours keep their prices.">
      <div className="space-y-4">
        <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="New price version">
          <div className="w-28">
            <SelectField label="Plan" name="planId" defaultValue="pro">
              <option value="pro">pro</option>
              <option value="free">free</option>
            </SelectField>
          </div>
          <div className="w-48">
            <SelectField label="Dimension" name="dimension" defaultValue="ingress_gib">
              <DimensionOptions />
            </SelectField>
          </div>
          <div className="w-56">
            <TextField label="From (UTC, whole hour)" name="effectiveFrom" type="datetime-local" step={3600} defaultValue={nextHour()} required />
          </div>
          <div className="w-40">
            <TextField label="Cents per unit" name="unitPriceMinor" required inputMode="decimal" placeholder="e.g. 7" />
          </div>
          <Button type="submit" busy={create.isPending}>
            Schedule price
          </Button>
        </form>
        {formError && <Alert tone="error">{formError}</Alert>}
        {create.error && <Alert tone="error">{errorMessage(create.error)}</Alert>}
        {create.isSuccess && <Alert tone="success">Price version scheduled.</Alert>}
        <QueryTable query={versions} rows={versions.data} loading="Loading prices…" caption="Price versions" columns={["Plan", "Dimension", "From", "Until", "Price"]}>
          {(v) => (
            <tr key={v.id}>
              <Td>{v.orgId === null ? v.planId : `${v.planId} (${v.orgId})`}</Td>
              <Td>{DIMENSION_LABELS[v.dimension]}</Td>
              <Td className="font-mono text-xs">{v.effectiveFrom.slice(0, 16).replace("T", " ")}</Td>
              <Td className="font-mono text-xs">{v.effectiveTo === null ? "—" : v.effectiveTo.slice(0, 16).replace("T", " ")}</Td>
              <Td className="text-xs">{describePrice(v.price, v.unit)}</Td>
            </tr>
          )}
        </QueryTable>
      </div>
    </Card>
  );
}

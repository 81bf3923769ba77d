"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { SelectField } from "@/components/ui/field";
import { errorMessage } from "@/lib/error-message";
import { useTRPC } from "@/lib/trpc";
import { DIMENSION_LABELS, type Dimension } from "./dimension-labels";
import { DimensionOptions } from "./dimension-options";

/** This month's usage of one dimension per UTC day; dimensions have different units, so one at a time. */
export function UsageChart() {
  const trpc = useTRPC();
  const usage = useQuery(trpc.billing.usage.queryOptions({}));
  const [dimension, setDimension] = useState<Dimension>("ingress_gib");
  const unit = usage.data?.totals.find((t) => t.dimension === dimension)?.unit ?? "";
  const data = usage.data?.daily.map((d) => ({ day: d.day.slice(5), quantity: Number(d.quantities[dimension] ?? "0") })) ?? [];

  return (
    <Card
      title="Daily usage"
      description={usage.data ? `${usage.data.month}, by UTC day, in ${unit}.` : undefined}
      actions={
        <div className="w-56">
          <SelectField label="Dimension" value={dimension} onChange={(event) => setDimension(event.target.value as Dimension)}>
            <DimensionOptions />
          </SelectField>
        </div>
      }
    >
      {usage.error && <Alert tone="error">{errorMessage(usage.error)}</Alert>}
      {usage.data && data.length === 0 && <EmptyState>No usage this month yet.</EmptyState>}
      {data.length > 0 && (
        <div className="h-64" data-testid="usage-chart">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 12 }} />
              <YAxis tick={{ fontSize: 12 }} width={56} />
              <Tooltip formatter={(value) => [`${String(value)} ${unit}`, DIMENSION_LABELS[dimension]]} />
              <Bar dataKey="quantity" fill="var(--color-brand-600)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </Card>
  );
}

import type { RouterOutputs } from "@/lib/trpc";

export type Dimension = RouterOutputs["billing"]["usage"]["totals"][number]["dimension"];

/** What each metered dimension is called on the page. */
export const DIMENSION_LABELS: Record<Dimension, string> = {
  ingress_gib: "Data in",
  egress_gib: "Data out",
  storage_gib_hours: "Storage",
  partition_hours: "Partitions",
  smartmodule_cpu_seconds: "SmartModule CPU",
  spu_hours: "SPUs",
  connector_hours: "Connectors",
};

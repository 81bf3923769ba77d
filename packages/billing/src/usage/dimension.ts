import { z } from "zod";

/** What we meter. Storage, partitions, SPUs and connectors are gauges already integrated over the hour. */
export const DIMENSIONS = ["ingress_gib", "egress_gib", "storage_gib_hours", "partition_hours", "smartmodule_cpu_seconds", "spu_hours", "connector_hours"] as const;

export const dimensionSchema = z.enum(DIMENSIONS);
export type Dimension = z.infer<typeof dimensionSchema>;

/** What each dimension is called on invoices and pages. */
export const DIMENSION_NAMES: Record<Dimension, string> = {
  ingress_gib: "Data in",
  egress_gib: "Data out",
  storage_gib_hours: "Storage",
  partition_hours: "Partitions",
  smartmodule_cpu_seconds: "SmartModule CPU",
  spu_hours: "SPUs",
  connector_hours: "Connectors",
};

/** The unit each dimension is counted in, as people read it. */
export const DIMENSION_UNITS: Record<Dimension, string> = {
  ingress_gib: "GiB",
  egress_gib: "GiB",
  storage_gib_hours: "GiB-hours",
  partition_hours: "partition-hours",
  smartmodule_cpu_seconds: "CPU-seconds",
  spu_hours: "SPU-hours",
  connector_hours: "connector-hours",
};

import { z } from "zod";

/** What we meter. Storage, partitions and SPUs are gauges already integrated over the hour. */
export const DIMENSIONS = ["ingress_gib", "egress_gib", "storage_gib_hours", "partition_hours", "smartmodule_cpu_seconds", "spu_hours"] as const;

export const dimensionSchema = z.enum(DIMENSIONS);
export type Dimension = z.infer<typeof dimensionSchema>;

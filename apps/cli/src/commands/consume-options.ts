import { z } from "zod";
import type { StartPosition } from "@freshet/client/consumer/consumed-record";
import { count } from "../options/zod-options.js";
import { KEY_VALUE_FORMAT, VALUE_FORMAT } from "../output/record-format.js";

export const consumeSchema = z
  .object({
    fromBeginning: z.boolean().optional(),
    offset: count.optional(),
    tail: count.optional(),
    partition: z.array(count).optional(),
    disableContinuous: z.boolean().optional(),
    group: z.string().min(1, "the group id cannot be empty").optional(),
    format: z.string().min(1).optional(),
    keyValue: z.boolean().optional(),
  })
  .refine((o) => [o.fromBeginning === true, o.offset !== undefined, o.tail !== undefined].filter(Boolean).length <= 1, {
    message: "choose one of --from-beginning, --offset and --tail",
    path: ["fromBeginning"],
  })
  .refine((o) => !(o.format !== undefined && o.keyValue === true), { message: "--format and --key-value exclude each other", path: ["format"] })
  .refine((o) => o.group === undefined || o.partition === undefined || o.partition.length === 0, {
    message: "with --group the group assigns partitions; drop --partition",
    path: ["partition"],
  });

export type ConsumeOptions = z.output<typeof consumeSchema>;

export function startPosition(options: ConsumeOptions): StartPosition {
  if (options.fromBeginning) return { kind: "beginning" };
  if (options.offset !== undefined) return { kind: "offset", offset: options.offset };
  if (options.tail !== undefined) return { kind: "fromEnd", count: options.tail };
  return { kind: "end" };
}

export function recordTemplate(options: ConsumeOptions): string {
  return options.format ?? (options.keyValue ? KEY_VALUE_FORMAT : VALUE_FORMAT);
}

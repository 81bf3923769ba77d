import { z } from "zod";
import type { Acks } from "@freshet/client/producer/producer";
import { count } from "../options/zod-options.js";

export const produceSchema = z.object({
  file: z.string().min(1).optional(),
  keySeparator: z.string().min(1, "the key separator cannot be empty").optional(),
  compression: z.enum(["none", "gzip", "snappy", "lz4", "zstd"]).default("none"),
  acks: z
    .enum(["0", "1", "all", "-1"])
    .default("all")
    .transform((value): Acks => (value === "0" ? 0 : value === "1" ? 1 : -1)),
  partition: count.optional(),
});

export type ProduceOptions = z.output<typeof produceSchema>;

export interface LineRecord {
  readonly key: string | null;
  readonly value: string;
}

/** Splits "key<sep>value" at the first separator; a line without one has no key. */
export function lineToRecord(line: string, separator: string | undefined): LineRecord {
  if (separator === undefined) return { key: null, value: line };
  const at = line.indexOf(separator);
  if (at < 0) return { key: null, value: line };
  return { key: line.slice(0, at), value: line.slice(at + separator.length) };
}

/** Flush a batch at this many records or bytes, whichever comes first. */
export const BATCH_MAX_RECORDS = 10_000;
export const BATCH_MAX_BYTES = 1024 * 1024;

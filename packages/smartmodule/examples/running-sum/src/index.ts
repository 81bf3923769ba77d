import { aggregate, param } from "@freshet/smartmodule/guest";

interface Sum {
  count: number;
  sum: number;
}

/**
 * Keeps a running count and sum of a numeric JSON field. Each record's output is
 * the totals after it; a record without a numeric field is an error and leaves the
 * totals unchanged.
 */
export const { describe, init, process } = aggregate({
  name: "running-sum",
  description: "running count and sum of a numeric JSON field",
  params: {
    field: param.string("the numeric JSON field to add up; dots reach into nested objects"),
  },
  initial: (): Sum => ({ count: 0, sum: 0 }),
  apply(totals: Sum, record, params): Sum {
    let node: unknown = record.json();
    for (const part of params.field.split(".")) node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    if (typeof node !== "number") throw new Error(`field '${params.field}' is not a number`);
    return { count: totals.count + 1, sum: totals.sum + node };
  },
});

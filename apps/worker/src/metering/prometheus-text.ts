import { Decimal } from "@freshet/billing/money";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { z } from "zod";

/** One sample of a counter or gauge: its metric name, labels and exact value. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: Decimal;
}

// Prometheus prints numbers as Go/JS floats; usage values must be finite (NaN and ±Inf never bill).
const finite = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

const familySchema = z.object({ name: z.string(), type: z.string(), metrics: z.array(z.unknown()) });
const sampleSchema = z.object({
  value: z.string().regex(finite, { message: "is not a finite number" }),
  labels: z.record(z.string(), z.string()).optional(),
});

export type ParsedSamples = { readonly ok: true; readonly samples: Sample[] } | { readonly ok: false; readonly reason: string };

/**
 * parse-prometheus-text-format folds all series of a histogram into one and drops their labels.
 * Without its TYPE line a histogram is read as what the text format is underneath: untyped
 * samples named `<name>_bucket` (with `le`), `<name>_sum` and `<name>_count`.
 */
function histogramsAsSamples(text: string): string {
  return text.replace(/^# TYPE \S+ histogram$/gm, "");
}

/**
 * The samples of the families named in `wanted` in a Prometheus text exposition: counters, gauges,
 * and histograms' `_bucket`/`_sum`/`_count` samples by those names. Other families are skipped
 * unread. Values stay decimal strings until here so a byte counter past 2^53 keeps every digit.
 */
export function parseSamples(text: string, wanted: ReadonlySet<string>): ParsedSamples {
  let families: unknown;
  try {
    families = parsePrometheusTextFormat(histogramsAsSamples(text));
  } catch (cause) {
    return { ok: false, reason: `the metrics text does not parse (${(cause as Error).message})` };
  }
  const parsed = z.array(familySchema).safeParse(families);
  if (!parsed.success) return { ok: false, reason: "the metrics text does not parse into metric families" };
  const samples: Sample[] = [];
  for (const family of parsed.data) {
    if (!wanted.has(family.name)) continue;
    if (family.type !== "COUNTER" && family.type !== "GAUGE" && family.type !== "UNTYPED") {
      return { ok: false, reason: `${family.name} is a ${family.type.toLowerCase()}, not a counter, gauge or histogram sample` };
    }
    for (const metric of family.metrics) {
      const sample = sampleSchema.safeParse(metric);
      if (!sample.success) return { ok: false, reason: `a sample of ${family.name} ${sample.error.issues[0]!.path.join(".")} ${sample.error.issues[0]!.message}` };
      samples.push({ name: family.name, labels: sample.data.labels ?? {}, value: new Decimal(sample.data.value) });
    }
  }
  return { ok: true, samples };
}

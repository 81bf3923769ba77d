/** One record as the preview shows it: the value as text (JSON for structured values). */
export interface Sample {
  readonly key: string | null;
  readonly value: string;
  /** Event time (at a source: the record's timestamp), ms. */
  readonly time: number;
}

export interface NodePreview {
  readonly inCount: number;
  readonly outCount: number;
  /** The last SAMPLES_KEPT records in and out, oldest first. */
  readonly in: readonly Sample[];
  readonly out: readonly Sample[];
  /** The last SAMPLES_KEPT problems, oldest first. */
  readonly errors: readonly string[];
}

export const SAMPLES_KEPT = 20;

/** A value's longest text kept in a sample: a preview shows records, not whole documents. */
const MAX_VALUE_CHARS = 4_096;

function keepLast<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > SAMPLES_KEPT) list.shift();
}

export function sampleOf(record: { readonly key: string | null; readonly value: unknown; readonly time: number }): Sample {
  const text = typeof record.value === "string" ? record.value : (JSON.stringify(record.value) ?? "null");
  return { key: record.key, value: text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text, time: record.time };
}

/** What one node of a running preview has seen. */
export class NodeSamples {
  #inCount = 0;
  #outCount = 0;
  readonly #in: Sample[] = [];
  readonly #out: Sample[] = [];
  readonly #errors: string[] = [];

  in(sample: Sample): void {
    this.#inCount++;
    keepLast(this.#in, sample);
  }

  out(sample: Sample): void {
    this.#outCount++;
    keepLast(this.#out, sample);
  }

  error(message: string): void {
    keepLast(this.#errors, message);
  }

  view(): NodePreview {
    return { inCount: this.#inCount, outCount: this.#outCount, in: [...this.#in], out: [...this.#out], errors: [...this.#errors] };
  }
}

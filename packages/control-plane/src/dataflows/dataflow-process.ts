import { z } from "zod";

/*
 * The cloud's side of the dataflow process contract (issue 16): what `--role dataflow` writes to
 * DIR/dataflow-status.json and answers on its HTTP port. Parsed loosely (unknown fields dropped)
 * so a newer runtime with more fields still reads; what the cloud shows must be there.
 */

const count = z.number().int().min(0);

export const operatorStatsSchema = z.object({
  id: z.string(),
  kind: z.string(),
  recordsIn: count,
  recordsOut: count,
  /** ms, or null before the first record. */
  watermark: z.number().nullable(),
  stateEntries: count,
  lateDropped: count,
  errors: count,
});
export type OperatorStatsView = z.infer<typeof operatorStatsSchema>;

export const sourceStatusSchema = z.object({
  id: z.string(),
  topic: z.string(),
  partitions: z.array(z.object({ partition: z.number().int(), offset: z.number(), highWatermark: z.number(), lag: z.number() })),
});

export const dataflowStatusSchema = z.object({
  name: z.string(),
  state: z.enum(["starting", "running", "failed"]),
  reason: z.string().optional(),
  updatedAt: z.string(),
  checkpoint: z.object({ at: z.union([z.string(), z.number()]).nullable(), count }).optional(),
  sources: z.array(sourceStatusSchema).default([]),
  operators: z.array(operatorStatsSchema).default([]),
  views: z.array(z.string()).default([]),
});
export type DataflowRuntimeStatus = z.infer<typeof dataflowStatusSchema>;

export const viewRowSchema = z.object({
  view: z.string(),
  key: z.string(),
  windowStart: z.number(),
  windowEnd: z.number(),
  value: z.record(z.string(), z.unknown()),
  closed: z.boolean(),
});
export type ViewRowView = z.infer<typeof viewRowSchema>;

export const STATUS_FILE = "dataflow-status.json";

/** What a view query may ask: one key, a key range [from, to], the last N windows per key. */
export interface ViewQuery {
  readonly key?: string;
  readonly from?: string;
  readonly to?: string;
  readonly last?: number;
}

/** The query string of GET /views/NAME (and of its /changes stream, which takes `key`). */
export function viewQueryString(query: ViewQuery): string {
  const params = new URLSearchParams();
  if (query.key !== undefined) params.set("key", query.key);
  if (query.from !== undefined) params.set("from", query.from);
  if (query.to !== undefined) params.set("to", query.to);
  if (query.last !== undefined) params.set("last", query.last.toString());
  const text = params.toString();
  return text.length === 0 ? "" : `?${text}`;
}

/** Why a call to a dataflow process did not answer as the contract says. */
export class DataflowProcessError extends Error {
  constructor(
    message: string,
    /** The process answered 404 (an unknown view): a person's mistake, not an outage. */
    readonly notFound: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DataflowProcessError";
  }
}

/** A call that does not answer by then means the process is stuck or gone. */
const CALL_TIMEOUT_MS = 5_000;

async function getJson(endpoint: string, path: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`http://${endpoint}${path}`, { signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
  } catch (cause) {
    throw new DataflowProcessError(`The dataflow process at ${endpoint} did not answer.`, false, { cause });
  }
  const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
  if (response.status === 404) throw new DataflowProcessError(typeof body?.error === "string" ? body.error : "Not found.", true);
  if (!response.ok) throw new DataflowProcessError(`The dataflow process answered ${response.status.toString()}.`, false);
  return body;
}

/** GET /status of the process listening at `endpoint` (host:port). */
export async function fetchDataflowStatus(endpoint: string): Promise<DataflowRuntimeStatus> {
  return dataflowStatusSchema.parse(await getJson(endpoint, "/status"));
}

/** GET /views/NAME with the query. */
export async function fetchViewRows(endpoint: string, view: string, query: ViewQuery): Promise<ViewRowView[]> {
  const body = z.object({ rows: z.array(viewRowSchema) }).parse(await getJson(endpoint, `/views/${encodeURIComponent(view)}${viewQueryString(query)}`));
  return body.rows;
}

/** GET /views: each view with its row count. */
export async function fetchViews(endpoint: string): Promise<{ name: string; rows: number }[]> {
  return z.array(z.object({ name: z.string(), rows: z.number().int() })).parse(await getJson(endpoint, "/views"));
}

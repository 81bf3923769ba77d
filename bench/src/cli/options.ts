import { parseArgs } from "node:util";

/**
 * The systems a run can include; `limits` is the machine's own ceiling and
 * `footprint` the size of @freshet/client for browsers, not peers. The native
 * clients (librdkafka, libnats) have names of their own so a run can leave them out.
 */
export const SYSTEM_NAMES = ["freshet", "freshet-rf3", "freshet-librdkafka", "jetstream", "jetstream-libnats", "redis", "limits", "footprint"] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];

/**
 * Every knob of a run. Peers share the same values, so one record count, one
 * batch size and one in-flight window apply to every system.
 */
export interface BenchOptions {
  /** Records produced (then consumed) per system and record size. */
  readonly records: number;
  /** Record payload sizes in bytes. */
  readonly sizes: readonly number[];
  readonly only: readonly SystemName[];
  /** Where to write the report as JSON; null = do not write. */
  readonly jsonPath: string | null;
  readonly smoke: boolean;
  /** Records per produce batch (Kafka batch, Redis pipeline). */
  readonly batch: number;
  /** Produce batches in flight at once (JetStream: batch × inFlight messages). */
  readonly inFlight: number;
  /** Records asked for per consume call (XREAD COUNT, pull batch, Fetch bytes ÷ size). */
  readonly fetchBatch: number;
  /** Open-loop latency run: records per second and how many records. */
  readonly latencyRate: number;
  readonly latencyRecords: number;
  /** Records per second of the replicated (freshet-rf3) row's latency run. */
  readonly clusterLatencyRate: number;
  /** Offered rates of the latency-vs-rate sweep, records/s; empty = no sweep. */
  readonly sweepRates: readonly number[];
  /** Seconds of sending at each sweep rate. */
  readonly sweepSeconds: number;
  /** Bytes for the machine-limit probes. */
  readonly diskMiB: number;
  readonly loopbackMiB: number;
  /** Appends (each followed by fdatasync) timed per record size by the latency-floor probe. */
  readonly syncSamples: number;
  /** Upper bound on any single phase (connect, produce, consume, latency, probe). */
  readonly phaseTimeoutMs: number;
  /** Kafka acks for Freshet produce requests: 1 (leader appended) or -1 (all in-sync replicas). */
  readonly acks: 1 | -1;
  /** Freshet topic config `freshet.durability`; null = leave the broker's default. */
  readonly freshetDurability: FreshetDurability | null;
}

export const FRESHET_DURABILITIES = ["batch", "interval", "none"] as const;
export type FreshetDurability = (typeof FRESHET_DURABILITIES)[number];

/** Sized so a full default run of every system takes about 4–5 minutes on 2 quiet cores. */
const FULL_DEFAULTS = {
  records: 500_000,
  latencyRecords: 10_000,
  sweepRates: [1_000, 5_000, 20_000, 50_000],
  sweepSeconds: 2,
  diskMiB: 256,
  loopbackMiB: 1_024,
  syncSamples: 3_000,
} as const;

/** Enough to exercise every phase and every code path in a few seconds. */
const SMOKE_DEFAULTS = {
  records: 2_000,
  latencyRecords: 200,
  sweepRates: [1_000, 5_000],
  sweepSeconds: 0.2,
  diskMiB: 8,
  loopbackMiB: 32,
  syncSamples: 100,
} as const;

export const USAGE = `npm run bench -- [options]
  --records N          records per system and size (default ${FULL_DEFAULTS.records}; smoke ${SMOKE_DEFAULTS.records})
  --sizes 100,1024     record payload sizes in bytes
  --only LIST          subset of ${SYSTEM_NAMES.join(",")}
  --json FILE          also write the report as JSON
  --smoke              tiny counts: checks the harness, not the systems
  --batch N            records per produce batch/pipeline (default 100)
  --in-flight N        produce batches in flight (default 8)
  --fetch-batch N      records per consume call (default 1000)
  --latency-rate N     open-loop latency run, records/s (default 1000)
  --latency-records N  records in the latency run (default ${FULL_DEFAULTS.latencyRecords}; smoke ${SMOKE_DEFAULTS.latencyRecords})
  --cluster-latency-rate N
                       latency run of the freshet-rf3 row, records/s (default 5000)
  --sweep LIST|none    latency-vs-rate sweep, offered records/s (default ${FULL_DEFAULTS.sweepRates.join(",")}; smoke ${SMOKE_DEFAULTS.sweepRates.join(",")})
                       on freshet (raw), freshet RF=3 (raw), freshet (librdkafka), jetstream (libnats), first record size
  --sweep-seconds S    seconds of sending per sweep rate (default ${FULL_DEFAULTS.sweepSeconds}; smoke ${SMOKE_DEFAULTS.sweepSeconds})
  --acks 1|all         Freshet produce acks (default 1)
  --freshet-durability batch|interval|none
                       Freshet topic durability (default: the broker's default)
  --phase-timeout S    seconds allowed for any one phase (default 120)`;

const MAX_BATCH_BYTES = 1_000_000;

export type OptionsResult = { ok: true; options: BenchOptions } | { ok: false; message: string };

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`--${name} must be a positive integer, got "${raw}"`);
  return value;
}

function parseSizes(raw: string | undefined): number[] {
  if (raw === undefined) return [100, 1024];
  return raw.split(",").map((part) => positiveInt("sizes", part.trim(), 0));
}

function parseOnly(raw: string | undefined): SystemName[] {
  if (raw === undefined) return [...SYSTEM_NAMES];
  const names = raw
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  for (const name of names) {
    if (!(SYSTEM_NAMES as readonly string[]).includes(name)) throw new RangeError(`--only: unknown system "${name}" (known: ${SYSTEM_NAMES.join(", ")})`);
  }
  if (names.length === 0) throw new RangeError("--only needs at least one system");
  return SYSTEM_NAMES.filter((name) => names.includes(name));
}

function parseSweep(raw: string | undefined, fallback: readonly number[]): number[] {
  if (raw === undefined) return [...fallback];
  if (raw === "none") return [];
  return raw.split(",").map((part) => positiveInt("sweep", part.trim(), 0));
}

function positiveSeconds(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`--${name} must be a positive number of seconds, got "${raw}"`);
  return value;
}

function parseDurability(raw: string | undefined): FreshetDurability | null {
  if (raw === undefined) return null;
  const known = FRESHET_DURABILITIES.find((mode) => mode === raw);
  if (known === undefined) throw new RangeError(`--freshet-durability must be one of ${FRESHET_DURABILITIES.join(", ")}, got "${raw}"`);
  return known;
}

function parseAcks(raw: string | undefined): 1 | -1 {
  if (raw === undefined || raw === "1") return 1;
  if (raw === "all" || raw === "-1") return -1;
  throw new RangeError(`--acks must be 1 or all, got "${raw}"`);
}

export function parseOptions(argv: readonly string[]): OptionsResult {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        records: { type: "string" },
        sizes: { type: "string" },
        only: { type: "string" },
        json: { type: "string" },
        smoke: { type: "boolean", default: false },
        batch: { type: "string" },
        "in-flight": { type: "string" },
        "fetch-batch": { type: "string" },
        "latency-rate": { type: "string" },
        "latency-records": { type: "string" },
        "cluster-latency-rate": { type: "string" },
        sweep: { type: "string" },
        "sweep-seconds": { type: "string" },
        acks: { type: "string" },
        "freshet-durability": { type: "string" },
        "phase-timeout": { type: "string" },
        help: { type: "boolean", default: false },
      },
    });
    if (values.help) return { ok: false, message: USAGE };
    const defaults = values.smoke ? SMOKE_DEFAULTS : FULL_DEFAULTS;
    const batch = positiveInt("batch", values.batch, 100);
    const sizes = parseSizes(values.sizes);
    // One Kafka record batch must fit the broker's default max.message.bytes (1 MiB); records add up to ~20 bytes each.
    const largestBatch = batch * (Math.max(...sizes) + 32);
    if (largestBatch > MAX_BATCH_BYTES) throw new RangeError(`--batch ${batch} of the largest record makes ~${largestBatch}-byte batches, above ${MAX_BATCH_BYTES}`);
    return {
      ok: true,
      options: {
        records: positiveInt("records", values.records, defaults.records),
        sizes,
        only: parseOnly(values.only),
        jsonPath: values.json ?? null,
        smoke: values.smoke,
        batch,
        inFlight: positiveInt("in-flight", values["in-flight"], 8),
        fetchBatch: positiveInt("fetch-batch", values["fetch-batch"], 1000),
        latencyRate: positiveInt("latency-rate", values["latency-rate"], 1000),
        latencyRecords: positiveInt("latency-records", values["latency-records"], defaults.latencyRecords),
        clusterLatencyRate: positiveInt("cluster-latency-rate", values["cluster-latency-rate"], 5000),
        sweepRates: parseSweep(values.sweep, defaults.sweepRates),
        sweepSeconds: positiveSeconds("sweep-seconds", values["sweep-seconds"], defaults.sweepSeconds),
        diskMiB: defaults.diskMiB,
        loopbackMiB: defaults.loopbackMiB,
        syncSamples: defaults.syncSamples,
        phaseTimeoutMs: positiveInt("phase-timeout", values["phase-timeout"], 120) * 1000,
        acks: parseAcks(values.acks),
        freshetDurability: parseDurability(values["freshet-durability"]),
      },
    };
  } catch (cause) {
    return { ok: false, message: `${cause instanceof Error ? cause.message : String(cause)}\n\n${USAGE}` };
  }
}

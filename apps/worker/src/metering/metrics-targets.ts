/** One SPU's Prometheus endpoint. */
export interface MetricsTarget {
  /** The SPU's node id (spu-<id>). */
  readonly spuId: number;
  /** `http://127.0.0.1:<port>/metrics`. */
  readonly url: string;
}

/** Where the SPUs of a running cluster serve /metrics (the local driver reads its member records). */
export interface MetricsTargets {
  metricsTargets(clusterId: string, spus: number): Promise<MetricsTarget[]>;
}

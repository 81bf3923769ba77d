/** CPU seconds one process spent over a measured phase. */
export interface ProcessCpu {
  /** e.g. "generator", "spu", "spu-1", "sc". */
  readonly label: string;
  readonly cpuSeconds: number;
}

/** What a phase cost in CPU, and the rate the machine's cores would allow at that cost. */
export interface CpuBudget {
  readonly cores: number;
  readonly records: number;
  /** Wall-clock seconds the CPU was metered over. */
  readonly wallSeconds: number;
  readonly processes: readonly ProcessCpu[];
  /** CPU milliseconds of all processes together per 1,000 records. */
  readonly totalMsPerThousand: number;
  /**
   * cores ÷ CPU seconds per record: the records/s at which these processes would
   * keep every core busy. Null when the phase was shorter than one clock tick of CPU.
   */
  readonly ceilingRecordsPerSecond: number | null;
  /** CPU seconds ÷ wall seconds: how many cores the processes kept busy on average. */
  readonly busyCores: number;
}

export function cpuBudget(processes: readonly ProcessCpu[], records: number, wallSeconds: number, cores: number): CpuBudget {
  if (records <= 0 || wallSeconds <= 0 || cores <= 0) throw new RangeError(`a CPU budget needs records, wall time and cores above 0 (got ${records}, ${wallSeconds}, ${cores})`);
  const totalSeconds = processes.reduce((sum, process) => sum + process.cpuSeconds, 0);
  return {
    cores,
    records,
    wallSeconds,
    processes,
    totalMsPerThousand: msPerThousand(totalSeconds, records),
    ceilingRecordsPerSecond: totalSeconds > 0 ? cores / (totalSeconds / records) : null,
    busyCores: totalSeconds / wallSeconds,
  };
}

export function msPerThousand(cpuSeconds: number, records: number): number {
  return (cpuSeconds * 1000 * 1000) / records;
}

import { performance } from "node:perf_hooks";
import type { ProcessCpu } from "./budget.js";
import { cpuSecondsOf } from "./proc-stat.js";

/** A process a driver started (a broker), to be metered by pid. */
export interface MeteredProcess {
  readonly label: string;
  readonly pid: number;
}

/** The load generator: this process, with the client programs it waited for (librdkafka, libnats). */
const GENERATOR_LABEL = "generator";

export interface CpuReading {
  readonly processes: ProcessCpu[];
  readonly wallSeconds: number;
}

/**
 * Reads every process's CPU time now; the returned function reads it again and
 * answers the difference. A process that exited in between is left out.
 */
export function startCpuMeter(brokers: readonly MeteredProcess[]): () => CpuReading {
  const targets: { label: string; read: () => number | null }[] = [
    { label: GENERATOR_LABEL, read: () => cpuSecondsOf("self", true) },
    ...brokers.map(({ label, pid }) => ({ label, read: () => cpuSecondsOf(pid, false) })),
  ];
  const before = targets.map((target) => target.read());
  const started = performance.now();
  return () => {
    const wallSeconds = (performance.now() - started) / 1000;
    const processes: ProcessCpu[] = [];
    targets.forEach((target, index) => {
      const [then, now] = [before[index], target.read()];
      if (then !== null && then !== undefined && now !== null) processes.push({ label: target.label, cpuSeconds: now - then });
    });
    return { processes, wallSeconds };
  };
}

import type { EngineArgs } from "@freshet/spu-worker/launch";
import { assertNever } from "@freshet/client/assert-never";

/**
 * One engine process to run (apps/spu-worker): a standalone broker (its own
 * controller), the streaming controller (SC) of a cluster, or an SPU joining one.
 */
export type WorkerSpec =
  | { readonly role: "standalone"; readonly dataDir: string; readonly host: string; readonly port: number }
  | { readonly role: "sc"; readonly dataDir: string; readonly host: string; readonly port: number; readonly controllerSecret: string }
  | {
      readonly role: "spu";
      readonly dataDir: string;
      readonly host: string;
      readonly port: number;
      readonly nodeId: number;
      readonly sc: string;
      /** The cluster's controller secret file (cluster-manifest.ts, controllerSecretPath). */
      readonly controllerSecret: string;
    };

/** The worker's settings for `spec`; the data directory on its command line doubles as the process's identity (isSpuProcess). */
export function workerArgs(spec: WorkerSpec): EngineArgs {
  const common = { dataDir: spec.dataDir, host: spec.host, port: spec.port };
  switch (spec.role) {
    case "standalone":
      // No role: the worker's default, so a single broker starts as it always did.
      return common;
    case "sc":
      return { role: "sc", controllerSecret: spec.controllerSecret, ...common };
    case "spu":
      return { role: "spu", nodeId: spec.nodeId, sc: spec.sc, controllerSecret: spec.controllerSecret, ...common };
    default:
      return assertNever(spec);
  }
}

/** Log file in the worker's data directory. */
export function workerLogName(spec: WorkerSpec): string {
  return spec.role === "sc" ? "sc.log" : "spu.log";
}

/** How messages name the process. */
export function workerLabel(spec: WorkerSpec): string {
  if (spec.role === "spu") return `SPU ${spec.nodeId}`;
  return spec.role === "sc" ? "the SC" : "the SPU";
}

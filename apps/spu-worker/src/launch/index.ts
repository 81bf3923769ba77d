/**
 * Starting and finding engine processes (apps/spu-worker's main): the one place that knows
 * its flags, its runtime file, where its entry is, and how to tell, stop and wait for it.
 */
export { engineArgv, type EngineArgs } from "./args.js";
export { ENGINE_ENTRY, resolveEngineEntry } from "./entry.js";
export { commandLineOf, identityOf, isAlive, pidRunning, processesWithFlag, type ProcessIdentity } from "./identity.js";
export { waitUntilListening, type ReadyWait } from "./readiness.js";
export { liveOwner, parseRuntimeFile, readRuntimeFile, removeRuntimeFile, runtimeFilePath, writeRuntimeFile, type RuntimeFileRead, type RuntimeInfo } from "./runtime-file.js";
export { spawnEngine, type EngineProcess, type SpawnEngine } from "./spawn.js";
export { signalProcess, stopProcess, waitForExit } from "./stop.js";

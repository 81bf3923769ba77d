/*
 * Launchers stop a worker as soon as its runtime file says it listens: a SIGTERM that early
 * must still run the graceful shutdown (exit code 0, runtime file removed), never Node's
 * default action of ending the process by the signal.
 */
import { access } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ENGINE_ENTRY, readRuntimeFile, runtimeFilePath, spawnEngine } from "../src/launch/index.js";
import { makeDataDir, removeDataDir } from "./support/spu-process.js";

/** Rounds of start-then-stop: the race lost about one round in three before the fix. */
const ROUNDS = 10;

async function stopAsSoonAsListening(): Promise<{ code: number | null; signal: NodeJS.Signals | null; fileLeft: boolean }> {
  const dataDir = await makeDataDir();
  try {
    const spawned = await spawnEngine({ entry: ENGINE_ENTRY, args: { dataDir, port: 0 }, rawArgv: [], output: "pipe", wrapper: [] });
    if (!spawned.ok) throw new Error(spawned.reason);
    const { child, exited } = spawned.process;
    child.stdout!.resume();
    child.stderr!.resume();
    // No pause between reads: the signal lands as close after the file appears as a launcher can make it.
    while (!(await readRuntimeFile(dataDir)).ok) {
      if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode} before listening`);
    }
    child.kill("SIGTERM");
    const code = await exited;
    const fileLeft = await access(runtimeFilePath(dataDir)).then(
      () => true,
      () => false,
    );
    return { code, signal: child.signalCode, fileLeft };
  } finally {
    await removeDataDir(dataDir);
  }
}

describe("a stop signal right after the worker announced itself", () => {
  it("shuts down gracefully every time", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      expect(await stopAsSoonAsListening()).toEqual({ code: 0, signal: null, fileLeft: false });
    }
  });
});

import { spawn, type ChildProcess } from "node:child_process";
import { access, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built worker entry: integration tests run the real broker process. */
export const SPU_WORKER_MAIN = fileURLToPath(new URL("../../../../apps/spu-worker/dist/main.js", import.meta.url));

export interface RunningSpu {
  readonly bootstrap: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

async function poll<T>(read: () => Promise<T | null>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts `node apps/spu-worker/dist/main.js` on a free port in a fresh data directory, with extra worker flags. */
export async function startSpu(args: readonly string[] = []): Promise<RunningSpu> {
  await access(SPU_WORKER_MAIN).catch(() => {
    throw new Error(`${SPU_WORKER_MAIN} is missing: build the workspace first (npm run build)`);
  });
  const dataDir = await mkdtemp(join(tmpdir(), "freshet-client-it-"));
  const child = spawn(process.execPath, [SPU_WORKER_MAIN, "--data-dir", dataDir, "--port", "0", "--log-level", "warn", ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const runtime = await poll(
    async () => {
      if (child.exitCode !== null) throw new Error(`spu-worker exited with ${child.exitCode}: ${stderr}`);
      try {
        return JSON.parse(await readFile(join(dataDir, "spu.json"), "utf8")) as { host: string; port: number };
      } catch {
        return null;
      }
    },
    "spu.json",
    20_000,
  );
  return {
    bootstrap: `${runtime.host}:${runtime.port}`,
    dataDir,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

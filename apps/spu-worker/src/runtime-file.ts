import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

/** `<data-dir>/spu.json`: how the CLI and tests find a running worker. */
const runtimeSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  port: z.number().int(),
  nodeId: z.number().int(),
  /** Port of the /metrics endpoint, when --metrics-port is set. */
  metricsPort: z.number().int().optional(),
  startedAt: z.string(),
});

export type RuntimeInfo = z.infer<typeof runtimeSchema>;

export function runtimeFilePath(dataDir: string): string {
  return join(dataDir, "spu.json");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid of another live worker using this data directory, if any. */
export async function liveOwner(dataDir: string): Promise<number | null> {
  try {
    const parsed = runtimeSchema.safeParse(JSON.parse(await readFile(runtimeFilePath(dataDir), "utf8")));
    if (parsed.success && parsed.data.pid !== process.pid && isAlive(parsed.data.pid)) return parsed.data.pid;
  } catch {
    // No file or an unreadable one: a previous worker crashed before cleaning up.
  }
  return null;
}

export async function writeRuntimeFile(dataDir: string, info: RuntimeInfo): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const path = runtimeFilePath(dataDir);
  await writeFile(`${path}.tmp`, JSON.stringify(info));
  await rename(`${path}.tmp`, path);
}

export async function removeRuntimeFile(dataDir: string): Promise<void> {
  await rm(runtimeFilePath(dataDir), { force: true });
}

import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { pidRunning } from "./identity.js";

/** `<data-dir>/spu.json`: written by a worker once it listens, removed when it stops; how launchers find it. */
const runtimeSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  nodeId: z.number().int(),
  /** Port of the /metrics endpoint, when --metrics-port is set. */
  metricsPort: z.number().int().optional(),
  startedAt: z.string(),
});

export type RuntimeInfo = z.infer<typeof runtimeSchema>;

/** The runtime file as read: its contents, or why there are none (absent, mid-write, foreign) in one sentence. */
export type RuntimeFileRead = { readonly ok: true; readonly info: RuntimeInfo } | { readonly ok: false; readonly reason: string };

export function runtimeFilePath(dataDir: string): string {
  return join(dataDir, "spu.json");
}

/** Parses the text of a runtime file; `path` only names it in the reason. */
export function parseRuntimeFile(text: string, path: string): RuntimeFileRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: `${path} is not JSON` };
  }
  const parsed = runtimeSchema.safeParse(json);
  if (parsed.success) return { ok: true, info: parsed.data };
  const issue = parsed.error.issues[0]!;
  const what = issue.path.length === 0 ? "is not a runtime file" : `has an invalid "${issue.path.join(".")}"`;
  return { ok: false, reason: `${path} ${what}: ${issue.message}` };
}

export async function readRuntimeFile(dataDir: string): Promise<RuntimeFileRead> {
  const path = runtimeFilePath(dataDir);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === "ENOENT" ? `${path} does not exist` : `${path} cannot be read (${code ?? String(cause)})` };
  }
  return parseRuntimeFile(text, path);
}

/** The pid of another live worker using this data directory, if any (a file left by a crash names none). */
export async function liveOwner(dataDir: string): Promise<number | null> {
  const read = await readRuntimeFile(dataDir);
  return read.ok && read.info.pid !== process.pid && pidRunning(read.info.pid) ? read.info.pid : null;
}

/** Written by rename, so a reader sees the old file, no file, or the whole new one. */
export async function writeRuntimeFile(dataDir: string, info: RuntimeInfo): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const path = runtimeFilePath(dataDir);
  await writeFile(`${path}.tmp`, JSON.stringify(info));
  await rename(`${path}.tmp`, path);
}

export async function removeRuntimeFile(dataDir: string): Promise<void> {
  await rm(runtimeFilePath(dataDir), { force: true });
}

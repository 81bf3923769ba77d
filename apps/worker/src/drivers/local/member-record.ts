import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import type { ProcessIdentity } from "@freshet/spu-worker/launch";

/**
 * `run/<member>.json`: the process running a member (pid + start time, so a reused pid is
 * never mistaken for it) and the port it listens on once known, so a restart keeps the
 * address SPUs and clients know (0 until the first start wrote spu.json), and the port of its
 * Prometheus /metrics endpoint (a new free one at every start), which the usage collector scrapes.
 */
const recordSchema = z.object({
  pid: z.number().int().positive(),
  startTicks: z.string().regex(/^\d+$/),
  port: z.number().int().min(0).max(65_535),
  /** Absent until the process listens, and for processes started before members served metrics. */
  metricsPort: z.number().int().min(1).max(65_535).optional(),
});

export type MemberRecord = z.infer<typeof recordSchema>;

export async function readMemberRecord(path: string): Promise<MemberRecord | null> {
  try {
    const parsed = recordSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    // Missing, or torn by a crash (it is written by rename, so only a foreign edit tears it).
    return null;
  }
}

export async function writeMemberRecord(path: string, identity: ProcessIdentity, port: number, metricsPort?: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const record: MemberRecord = { pid: identity.pid, startTicks: identity.startTicks, port, ...(metricsPort === undefined ? {} : { metricsPort }) };
  await writeFile(`${path}.tmp`, JSON.stringify(record));
  await rename(`${path}.tmp`, path);
}

export async function removeMemberRecord(path: string): Promise<void> {
  await rm(path, { force: true });
}

import { access, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CONTROLLER_SECRET_FILE } from "@freshet/client/admin/controller-secret";
import { z } from "zod";
import { UserError } from "../errors/user-error.js";

/**
 * `<data-dir>/local-cluster.json`: the shape of a local multi-process cluster, so
 * every later command (status, stop, spu stop/start/add) knows which processes
 * belong to it, even while they are down. The ports are the ones last listened
 * on, reused when a process restarts so bootstrap lists stay valid; 0 means
 * "pick a free one" for a process that never ran.
 * Layout: <data-dir>/sc (controller), <data-dir>/spu-<id> (one per SPU), and
 * <data-dir>/controller.secret, which every process that talks to the SC presents.
 */
const port = z.number().int().min(0).max(65_535);

const manifestSchema = z.object({
  version: z.literal(1),
  host: z.string().min(1),
  sc: z.object({ port }),
  spus: z.record(z.string().regex(/^\d+$/), z.object({ port })),
});

export type ClusterManifest = z.infer<typeof manifestSchema>;

export const MANIFEST_FILE = "local-cluster.json";

export function manifestPath(dataDir: string): string {
  return join(dataDir, MANIFEST_FILE);
}

/** The SC listens here whatever --host says: only processes on this machine that hold the cluster's secret have any business with it. */
export const CONTROLLER_HOST = "127.0.0.1";

/** The cluster's controller secret file (created by the SC on its first start). */
export function controllerSecretPath(dataDir: string): string {
  return join(dataDir, CONTROLLER_SECRET_FILE);
}

export function scDir(dataDir: string): string {
  return join(dataDir, "sc");
}

export function spuDir(dataDir: string, id: number): string {
  return join(dataDir, `spu-${id}`);
}

/** SPU ids in ascending order. */
export function spuIds(manifest: ClusterManifest): number[] {
  return Object.keys(manifest.spus)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The manifest, null when `dataDir` holds no multi-process cluster; a broken file is an error, never overwritten. */
export async function readManifest(dataDir: string): Promise<ClusterManifest | null> {
  const path = manifestPath(dataDir);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new UserError(`cannot read ${path}: ${(cause as Error).message}`, 1, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new UserError(`${path} is not JSON; fix or remove it`, 1, { cause });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${path} is invalid at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

/** Written atomically (temp file + rename) so a crash never leaves half a file. */
export async function writeManifest(dataDir: string, manifest: ClusterManifest): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const path = manifestPath(dataDir);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temp, path);
}

/** Whether `dataDir` holds a standalone broker's data (its files live at the top level). */
export async function holdsStandaloneBroker(dataDir: string): Promise<boolean> {
  for (const file of ["spu.json", "metadata.json"]) {
    try {
      await access(join(dataDir, file));
      return true;
    } catch {
      // absent: look at the next marker
    }
  }
  return false;
}

/** The manifest of the cluster at `dataDir`, or a user error saying there is none. */
export async function requireManifest(dataDir: string): Promise<ClusterManifest> {
  const manifest = await readManifest(dataDir);
  if (manifest === null) {
    throw new UserError(`no multi-SPU cluster in ${dataDir} — start one with \`freshet cluster start --local --spus 3\` (or pass --data-dir)`);
  }
  return manifest;
}

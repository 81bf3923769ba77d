import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** The newest modification time of any file under `dir` (0 when it has none). */
async function newestUnder(dir: string): Promise<number> {
  let newest = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/**
 * Whether `artifact` must be built before it is published: it is missing, or a file under the
 * project's src/ (or its package.json) changed after it was written.
 */
export async function needsBuild(projectDir: string, artifact: string): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(artifact)).mtimeMs;
  } catch {
    return true;
  }
  const manifest = await stat(join(projectDir, "package.json")).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  return Math.max(manifest, await newestUnder(join(projectDir, "src"))) > built;
}

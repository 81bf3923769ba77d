import type { LogFileSystem } from "./log-file-system.js";

/**
 * Small text files a partition keeps beside its segments (checkpoints). They are
 * replaced atomically: a temporary file, fsync, rename, directory fsync, so a crash
 * leaves the old or the new text, never a mix.
 */
export async function readSmallFile(fs: LogFileSystem, path: string, maxBytes: number): Promise<{ kind: "found"; text: string } | { kind: "missing" } | { kind: "invalid"; reason: string }> {
  const stat = await fs.stat(path);
  if (!stat) return { kind: "missing" };
  if (stat.isDirectory || stat.size > maxBytes) return { kind: "invalid", reason: `not a file of at most ${maxBytes} bytes` };
  const file = await fs.open(path, "read");
  try {
    const bytes = new Uint8Array(stat.size);
    return { kind: "found", text: new TextDecoder().decode(bytes.subarray(0, await file.read(bytes, 0))) };
  } finally {
    await file.close();
  }
}

export async function replaceSmallFile(fs: LogFileSystem, dir: string, path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
  const file = await fs.open(temporary, "overwrite");
  try {
    await file.writev([new TextEncoder().encode(text)], 0);
    await file.sync();
  } finally {
    await file.close();
  }
  await fs.rename(temporary, path);
  await fs.syncDirectory(dir);
}

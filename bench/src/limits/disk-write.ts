import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";

export const DISK_CHUNK_BYTES = 1024 * 1024;

export interface DiskWriteResult {
  readonly bytes: number;
  readonly seconds: number;
}

/**
 * Sequential append of `mebibytes` 1 MiB chunks to a new file in the temp
 * directory, the file system the brokers' data directories live on.
 * With `syncEachChunk`, fdatasync follows every chunk: the cost of a log that
 * confirms each 1 MiB only once it is on disk. Without it the writes land in
 * the page cache and the figure is the copy-into-kernel ceiling.
 */
export async function measureDiskWrite(mebibytes: number, syncEachChunk: boolean): Promise<DiskWriteResult> {
  const directory = await mkdtemp(join(tmpdir(), "freshet-bench-disk-"));
  try {
    const file = await open(join(directory, "sequential.bin"), "w");
    try {
      const chunk = randomBytes(DISK_CHUNK_BYTES);
      const started = performance.now();
      for (let i = 0; i < mebibytes; i++) {
        await file.write(chunk, 0, chunk.byteLength);
        if (syncEachChunk) await file.datasync();
      }
      const seconds = (performance.now() - started) / 1000;
      return { bytes: mebibytes * DISK_CHUNK_BYTES, seconds };
    } finally {
      await file.close();
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

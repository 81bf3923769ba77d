import type { LogFileSystem } from "../fs/log-file-system.js";
import type { Segment } from "./segment.js";
import type { SegmentPaths } from "./segment-files.js";
import { MIN_BATCH_BYTES } from "../batch/stored-batch.js";
import { OFFSET_ENTRY_BYTES, SparseIndex, TIME_ENTRY_BYTES } from "./sparse-index.js";

/**
 * Index files are written whole, once, when a segment is closed (rolled), and fsynced
 * before the next segment is created, so a closed segment's index files are complete
 * whenever a later segment exists. The active segment's index lives only in memory and
 * is rebuilt from its batches on open.
 */
export async function writeIndexFiles(fs: LogFileSystem, segment: Segment): Promise<void> {
  await writeWhole(fs, segment.paths.index, segment.index.encodeOffsetIndex());
  await writeWhole(fs, segment.paths.timeIndex, segment.index.encodeTimeIndex());
}

/** The closed segment's index as stored, or why it cannot be used (then it is rebuilt). */
export async function readIndexFiles(fs: LogFileSystem, paths: SegmentPaths, logBytes: number): Promise<SparseIndex | string> {
  // At most one entry per batch: a larger file is garbage and is not worth allocating for.
  const maxEntries = Math.floor(logBytes / MIN_BATCH_BYTES) + 1;
  const offsetIndex = await readWhole(fs, paths.index, maxEntries * OFFSET_ENTRY_BYTES);
  const timeIndex = await readWhole(fs, paths.timeIndex, maxEntries * TIME_ENTRY_BYTES);
  if (!offsetIndex || !timeIndex) return "index file missing or oversized";
  return SparseIndex.decode(offsetIndex, timeIndex, logBytes);
}

async function writeWhole(fs: LogFileSystem, path: string, bytes: Uint8Array): Promise<void> {
  const file = await fs.open(path, "overwrite");
  try {
    await file.writev([bytes], 0);
    await file.sync();
  } finally {
    await file.close();
  }
}

async function readWhole(fs: LogFileSystem, path: string, maxBytes: number): Promise<Uint8Array | null> {
  const stat = await fs.stat(path);
  if (!stat || stat.isDirectory || stat.size > maxBytes) return null;
  const file = await fs.open(path, "read");
  try {
    const bytes = new Uint8Array(stat.size);
    const got = await file.read(bytes, 0);
    return bytes.subarray(0, got);
  } finally {
    await file.close();
  }
}

import { join } from "node:path";
import type { LogFileSystem } from "../fs/log-file-system.js";
import { readSmallFile, replaceSmallFile } from "../fs/small-files.js";
import type { LeaderEpochEntry } from "./leader-epoch-cache.js";

/**
 * The leader-epoch entries of a partition's closed segments, in one small file in the
 * partition directory (Kafka's `leader-epoch-checkpoint` layout: a version line, a count
 * line, then one "epoch startOffset" line per entry).
 *
 * Why a file at all: opening a log reads only the tail of each closed segment (see
 * recovery/load-segments.ts), so the epochs inside closed segments cannot be derived
 * without reading the whole partition again. The active segment is scanned in full on
 * every open anyway, so its epochs are derived from that scan, not stored.
 *
 * When it is written: on every roll, before the next segment is created (like the index
 * files), and only when the entries below the new segment changed. So whenever a closed
 * segment exists on disk, the file holds every entry that starts below the active
 * segment; entries at or above it (after a truncation, or written just before a failed
 * roll) are ignored on open. Truncation and retention therefore never rewrite it.
 * It is replaced atomically: a temporary file, fsync, rename, directory fsync.
 */
export const CHECKPOINT_FILE = "leader-epoch-checkpoint";
const VERSION = 0;
/** Far more than any real partition has epochs; a larger file is not read. */
const MAX_CHECKPOINT_BYTES = 1024 * 1024;
const MAX_EPOCH = 2 ** 31 - 1;

export type StoredEpochs = { readonly kind: "found"; readonly entries: LeaderEpochEntry[] } | { readonly kind: "missing" } | { readonly kind: "invalid"; readonly reason: string };

export class LeaderEpochCheckpoint {
  readonly #path: string;
  /** The text last read or written, so an unchanged list is not rewritten. */
  #persisted: string | null = null;

  constructor(
    private readonly fs: LogFileSystem,
    private readonly dir: string,
  ) {
    this.#path = join(dir, CHECKPOINT_FILE);
  }

  async read(): Promise<StoredEpochs> {
    const stored = await readSmallFile(this.fs, this.#path, MAX_CHECKPOINT_BYTES);
    if (stored.kind !== "found") return stored;
    const parsed = parseCheckpoint(stored.text);
    if (typeof parsed === "string") return { kind: "invalid", reason: parsed };
    this.#persisted = stored.text;
    return { kind: "found", entries: parsed };
  }

  /** Replaces the file with `entries` unless it already holds exactly them. */
  async save(entries: readonly LeaderEpochEntry[]): Promise<void> {
    const text = formatCheckpoint(entries);
    if (text === this.#persisted) return;
    await replaceSmallFile(this.fs, this.dir, this.#path, text);
    this.#persisted = text;
  }
}

export function formatCheckpoint(entries: readonly LeaderEpochEntry[]): string {
  return [String(VERSION), String(entries.length), ...entries.map((entry) => `${entry.epoch} ${entry.startOffset}`)].join("\n") + "\n";
}

/** The entries, or why the text cannot be trusted: strict numbers, both columns strictly increasing. */
export function parseCheckpoint(text: string): LeaderEpochEntry[] | string {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const [version, count, ...rows] = lines;
  if (version !== String(VERSION)) return `unknown checkpoint version ${JSON.stringify(version)}`;
  if (count === undefined || !/^\d+$/.test(count) || Number(count) !== rows.length) return `count ${JSON.stringify(count)} does not match ${rows.length} entries`;
  const entries: LeaderEpochEntry[] = [];
  for (const [index, row] of rows.entries()) {
    const match = /^(\d+) (\d+)$/.exec(row);
    const epoch = Number(match?.[1]);
    const startOffset = Number(match?.[2]);
    if (!match || epoch > MAX_EPOCH || !Number.isSafeInteger(startOffset)) return `entry ${index} is not "epoch startOffset": ${JSON.stringify(row.slice(0, 40))}`;
    const previous = entries.at(-1);
    if (previous && (epoch <= previous.epoch || startOffset <= previous.startOffset)) return `entry ${index} does not increase`;
    entries.push({ epoch, startOffset });
  }
  return entries;
}

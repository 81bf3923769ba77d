/**
 * The file operations the partition log needs, and nothing more. Two implementations:
 * `NodeFileSystem` (node:fs/promises) in production and `SimulatedDisk` in tests, which
 * tracks what was fsynced and can lose the rest, so power loss is testable in-process.
 *
 * Errors are thrown as Node-style errors carrying an errno `code` ("ENOSPC", "ENOENT", ...);
 * the log turns them into typed `LogError`s at its boundary.
 */
export interface LogFile {
  readonly path: string;
  /** Reads up to `into.byteLength` bytes at `position`; returns how many were read (short at end of file). */
  read(into: Uint8Array, position: number): Promise<number>;
  /** Writes all chunks back to back starting at `position`, or throws; never reports a partial write as success. */
  writev(chunks: readonly Uint8Array[], position: number): Promise<void>;
  /** fdatasync: the written bytes and the file length survive power loss once this resolves. */
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  size(): Promise<number>;
  close(): Promise<void>;
}

/**
 * - `read`: the file must exist; read only.
 * - `readWrite`: read and positional writes; created empty if missing, never truncated.
 * - `overwrite`: created or truncated to zero, for files rewritten whole (indexes).
 */
export type OpenMode = "read" | "readWrite" | "overwrite";

export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
  readonly isDirectory: boolean;
}

export interface LogFileSystem {
  open(path: string, mode: OpenMode): Promise<LogFile>;
  /** Creates the directory and any missing parents; no error if it exists. */
  mkdir(path: string): Promise<void>;
  /** Entry names (not paths) of a directory. */
  readdir(path: string): Promise<string[]>;
  /** null when nothing exists at `path`. */
  stat(path: string): Promise<FileStat | null>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; no error if it is already gone. */
  unlink(path: string): Promise<void>;
  /** Removes a directory and everything under it; no error if it is already gone. */
  removeDirectory(path: string): Promise<void>;
  /** fsync of the directory itself: makes creations, renames and unlinks in it survive power loss. */
  syncDirectory(path: string): Promise<void>;
}

/** The errno code of a thrown file-system error, if it has one. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") {
    return error.code;
  }
  return undefined;
}

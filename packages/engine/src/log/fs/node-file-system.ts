import { constants } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from "node:fs/promises";
import { errnoCode, type FileStat, type LogFile, type LogFileSystem, type OpenMode } from "./log-file-system.js";

const OPEN_FLAGS: Record<OpenMode, number> = {
  read: constants.O_RDONLY,
  // No O_APPEND: on Linux it makes pwrite ignore the position, and the log writes at
  // explicit positions so it can truncate back after a failed write.
  readWrite: constants.O_RDWR | constants.O_CREAT,
  overwrite: constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC,
};

class NodeLogFile implements LogFile {
  constructor(
    readonly path: string,
    readonly handle: FileHandle,
  ) {}

  async read(into: Uint8Array, position: number): Promise<number> {
    let total = 0;
    // A regular file returns short reads only at end of file, but a signal can interrupt.
    while (total < into.byteLength) {
      const { bytesRead } = await this.handle.read(into, total, into.byteLength - total, position + total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return total;
  }

  async writev(chunks: readonly Uint8Array[], position: number): Promise<void> {
    let remaining = chunks.slice();
    let at = position;
    let left = remaining.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    while (left > 0) {
      const { bytesWritten } = await this.handle.writev(remaining, at);
      if (bytesWritten === 0) throw Object.assign(new Error(`write to ${this.path} made no progress`), { code: "EIO" });
      at += bytesWritten;
      left -= bytesWritten;
      remaining = dropPrefix(remaining, bytesWritten);
    }
  }

  sync(): Promise<void> {
    return this.handle.datasync();
  }

  truncate(length: number): Promise<void> {
    return this.handle.truncate(length);
  }

  async size(): Promise<number> {
    return (await this.handle.stat()).size;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** The chunks left after the first `bytes` bytes were written (partial writes happen near ENOSPC). */
function dropPrefix(chunks: Uint8Array[], bytes: number): Uint8Array[] {
  let skip = bytes;
  const rest: Uint8Array[] = [];
  for (const chunk of chunks) {
    if (skip >= chunk.byteLength) {
      skip -= chunk.byteLength;
      continue;
    }
    rest.push(skip > 0 ? chunk.subarray(skip) : chunk);
    skip = 0;
  }
  return rest;
}

function ignoreMissing(error: unknown): void {
  if (errnoCode(error) !== "ENOENT") throw error;
}

export class NodeFileSystem implements LogFileSystem {
  async open(path: string, mode: OpenMode): Promise<LogFile> {
    return new NodeLogFile(path, await open(path, OPEN_FLAGS[mode], 0o644));
  }

  async mkdir(path: string): Promise<void> {
    await mkdir(path, { recursive: true });
  }

  readdir(path: string): Promise<string[]> {
    return readdir(path);
  }

  async stat(path: string): Promise<FileStat | null> {
    try {
      const info = await stat(path);
      return { size: info.size, mtimeMs: info.mtimeMs, isDirectory: info.isDirectory() };
    } catch (error) {
      ignoreMissing(error);
      return null;
    }
  }

  rename(from: string, to: string): Promise<void> {
    return rename(from, to);
  }

  async unlink(path: string): Promise<void> {
    await unlink(path).catch(ignoreMissing);
  }

  async removeDirectory(path: string): Promise<void> {
    await rm(path, { recursive: true, force: true });
  }

  async syncDirectory(path: string): Promise<void> {
    const handle = await open(path, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

export const nodeFileSystem: LogFileSystem = new NodeFileSystem();

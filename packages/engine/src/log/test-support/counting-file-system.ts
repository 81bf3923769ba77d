import type { LogFile, LogFileSystem, OpenMode } from "../fs/log-file-system.js";

/** Wraps a file system and counts writes and fsyncs, to measure group commit on real files. */
export class CountingFileSystem implements LogFileSystem {
  writes = 0;
  syncs = 0;

  constructor(private readonly inner: LogFileSystem) {}

  async open(path: string, mode: OpenMode): Promise<LogFile> {
    const file = await this.inner.open(path, mode);
    return {
      path: file.path,
      read: (into, position) => file.read(into, position),
      writev: (chunks, position) => {
        this.writes += 1;
        return file.writev(chunks, position);
      },
      sync: () => {
        this.syncs += 1;
        return file.sync();
      },
      truncate: (length) => file.truncate(length),
      size: () => file.size(),
      close: () => file.close(),
    };
  }

  mkdir(path: string): Promise<void> {
    return this.inner.mkdir(path);
  }

  readdir(path: string): Promise<string[]> {
    return this.inner.readdir(path);
  }

  stat(path: string): ReturnType<LogFileSystem["stat"]> {
    return this.inner.stat(path);
  }

  rename(from: string, to: string): Promise<void> {
    return this.inner.rename(from, to);
  }

  unlink(path: string): Promise<void> {
    return this.inner.unlink(path);
  }

  removeDirectory(path: string): Promise<void> {
    return this.inner.removeDirectory(path);
  }

  syncDirectory(path: string): Promise<void> {
    return this.inner.syncDirectory(path);
  }
}

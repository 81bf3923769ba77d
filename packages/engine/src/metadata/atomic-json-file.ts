import { copyFile, link, mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { nodeFileSystem } from "../log/fs/node-file-system.js";

/**
 * A JSON document replaced atomically: write a temporary file, fsync it, rename it
 * over the old one, fsync the directory. A crash leaves either the old or the new
 * document, never a mix. Writes are serialized so an older document can never
 * overwrite a newer one.
 *
 * The document before the last write is kept as `<path>.previous` (a hard link to the
 * old file, so keeping it costs no copy): what a reader falls back to when the current
 * file is lost or damaged by something other than our writes.
 */
export class AtomicJsonFile {
  #writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  get previousPath(): string {
    return `${this.path}.previous`;
  }

  /** The parsed JSON, or null when the file does not exist. */
  read(): Promise<unknown> {
    return readJson(this.path);
  }

  /** The document before the last write, or null when there is none. */
  readPrevious(): Promise<unknown> {
    return readJson(this.previousPath);
  }

  /**
   * Renames a damaged current file out of the way (keeping it for inspection), so the
   * next write does not make it the previous copy. Returns where it went.
   */
  async setAside(suffix: string): Promise<string> {
    const aside = `${this.path}.${suffix}`;
    await rename(this.path, aside);
    await nodeFileSystem.syncDirectory(dirname(this.path));
    return aside;
  }

  write(document: unknown): Promise<void> {
    const next = this.#writing.then(() => this.#write(JSON.stringify(document, null, 2)));
    this.#writing = next.catch(() => undefined);
    return next;
  }

  async #write(text: string): Promise<void> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true });
    const temporary = `${this.path}.tmp`;
    const file = await open(temporary, "w");
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await this.#keepPrevious();
    await rename(temporary, this.path);
    await nodeFileSystem.syncDirectory(dir);
  }

  /** Links the current file as the previous copy; the link is made aside and renamed in, so the previous copy is always whole. */
  async #keepPrevious(): Promise<void> {
    const staging = `${this.previousPath}.tmp`;
    await rm(staging, { force: true });
    try {
      await link(this.path, staging);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === "ENOENT") return;
      // File systems without hard links get a copy; the document is small.
      await copyFile(this.path, staging);
    }
    await rename(staging, this.previousPath);
  }
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw cause;
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new Error(`${path} is not JSON`, { cause });
  }
}

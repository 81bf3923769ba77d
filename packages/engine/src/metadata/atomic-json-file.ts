import { mkdir, open, readFile, rename } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * A JSON document replaced atomically: write a temporary file, fsync it, rename it
 * over the old one, fsync the directory. A crash leaves either the old or the new
 * document, never a mix. Writes are serialized so an older document can never
 * overwrite a newer one.
 */
export class AtomicJsonFile {
  #writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  /** The parsed JSON, or null when the file does not exist. */
  async read(): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw cause;
    }
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw new Error(`${this.path} is not JSON`, { cause });
    }
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
    await rename(temporary, this.path);
    const directory = await open(dir, "r");
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }
}

import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";

/**
 * Components stored by content digest as `<digest>.wasm`. A blob is written to a
 * temporary file, fsynced and renamed into place, so a reader finds it whole or
 * not at all.
 */
export class BlobDirectory {
  constructor(readonly dir: string) {}

  /** The bytes stored under `digest`, or null when there are none. */
  async read(digest: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.#path(digest)));
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw cause;
    }
  }

  async write(digest: string, component: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = this.#path(digest);
    const temporary = `${path}.tmp`;
    const file = await open(temporary, "w");
    try {
      await file.writeFile(component);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  }

  remove(digest: string): Promise<void> {
    return rm(this.#path(digest), { force: true });
  }

  #path(digest: string): string {
    return join(this.dir, `${digest}.wasm`);
  }
}

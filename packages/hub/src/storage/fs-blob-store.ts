import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { blobPath, BlobStoreError, type BlobStore } from "./blob-store.js";

/** Artifacts as files under `root/sha256/<first 2>/<digest>`. */
export class FsBlobStore implements BlobStore {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  /**
   * Written to a temporary file beside the target, flushed, then renamed over it: a crash leaves
   * either the whole blob or none, and two concurrent puts of one digest both end with it whole.
   */
  async put(digest: string, bytes: Uint8Array): Promise<void> {
    const target = this.#pathOf(digest);
    const temporary = `${target}.${randomUUID()}.tmp`;
    try {
      await mkdir(dirname(target), { recursive: true });
      const file = await open(temporary, "wx");
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, target);
      await syncDirectory(dirname(target));
    } catch (error) {
      await rm(temporary, { force: true });
      throw new BlobStoreError(`Could not store blob ${digest} under ${this.#root}.`, { cause: error });
    }
  }

  async get(digest: string): Promise<Uint8Array | null> {
    const path = this.#pathOf(digest);
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      if (isMissing(error)) return null;
      throw new BlobStoreError(`Could not read blob ${digest} under ${this.#root}.`, { cause: error });
    }
  }

  async has(digest: string): Promise<boolean> {
    const path = this.#pathOf(digest);
    try {
      return (await stat(path)).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw new BlobStoreError(`Could not look up blob ${digest} under ${this.#root}.`, { cause: error });
    }
  }

  #pathOf(digest: string): string {
    return join(this.#root, blobPath(digest));
  }
}

/** The rename is durable only once the directory entry is on disk too. */
async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

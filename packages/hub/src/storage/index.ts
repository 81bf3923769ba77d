// Stand-in for h-hubcore's storage (same contract, file system only) so h-hubapi's tests run
// before it lands; replaced by h-hubcore's version at the merge.
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, stat } from "node:fs/promises";
import { dirname, join } from "node:path";

export interface BlobStore {
  put(digest: string, bytes: Uint8Array): Promise<void>;
  get(digest: string): Promise<Uint8Array | null>;
  has(digest: string): Promise<boolean>;
}

export class FsBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(digest: string): string {
    return join(this.root, "sha256", digest.slice(0, 2), digest);
  }

  async put(digest: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(digest);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    const file = await open(temp, "w");
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, target);
  }

  async get(digest: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.pathOf(digest)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async has(digest: string): Promise<boolean> {
    return stat(this.pathOf(digest)).then(
      () => true,
      () => false,
    );
  }
}

export function blobStoreFromEnv(env: NodeJS.ProcessEnv): BlobStore {
  return new FsBlobStore(env.HUB_STORAGE_DIR ?? "hub");
}

import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { CheckResult } from "../../kit/connector.js";
import { PermanentError } from "../../kit/errors.js";
import type { LocalDestination } from "./lake-config.js";
import type { LakeStore } from "./lake-store.js";

/** Codes that mean the directory cannot take files until someone changes it (not a full disk). */
const UNWRITABLE = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "EISDIR"]);

async function fsync(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Files in a local directory. A file is written under a temporary name, synced, then renamed:
 * readers never see half a file, and a crash leaves at most a stray temporary file.
 */
export class LocalStore implements LakeStore {
  constructor(private readonly destination: LocalDestination) {}

  async put(name: string, bytes: Uint8Array): Promise<void> {
    const path = join(this.destination.directory, name);
    const folder = dirname(path);
    const temporary = join(folder, `.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await mkdir(folder, { recursive: true });
      const handle = await open(temporary, "w");
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
      // The rename itself is durable only once the folder's entry is synced.
      await fsync(folder);
    } catch (error) {
      await rm(temporary, { force: true });
      const code = (error as NodeJS.ErrnoException).code ?? "";
      const message = `cannot write ${path}: ${(error as Error).message}`;
      throw UNWRITABLE.has(code) ? new PermanentError(message, { cause: error }) : new Error(message, { cause: error });
    }
  }

  async check(): Promise<CheckResult> {
    const directory = this.destination.directory;
    const probe = join(directory, `.freshet-check-${randomBytes(6).toString("hex")}`);
    try {
      await mkdir(directory, { recursive: true });
      await (await open(probe, "w")).close();
      await rm(probe);
      return { ok: true, detail: `files go to ${directory}` };
    } catch (error) {
      return { ok: false, message: `the directory ${directory} is not writable: ${(error as Error).message}` };
    }
  }

  async close(): Promise<void> {}
}

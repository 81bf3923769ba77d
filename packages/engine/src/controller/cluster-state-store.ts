import { mkdir, open, readFile, rename } from "node:fs/promises";
import { dirname } from "node:path";
import { clusterStateSchema, type ClusterState } from "./cluster-state.js";

/** Where the controller keeps its document; `save` resolves only once the state is durable. */
export interface ClusterStateStore {
  load(): Promise<ClusterState | null>;
  save(state: ClusterState): Promise<void>;
}

/**
 * The embedded default: one JSON file replaced atomically (temporary file, fsync,
 * rename over the old one, fsync the directory), so a crash at any point leaves
 * either the previous document or the new one, never a torn one.
 */
export class FileClusterStateStore implements ClusterStateStore {
  #writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  async load(): Promise<ClusterState | null> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw cause;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new Error(`cluster state file ${this.path} is not JSON`, { cause });
    }
    const parsed = clusterStateSchema.safeParse(json);
    if (!parsed.success) throw new Error(`cluster state file ${this.path} is invalid: ${parsed.error.message}`);
    return parsed.data;
  }

  save(state: ClusterState): Promise<void> {
    // Serialized so an older document can never overwrite a newer one.
    const next = this.#writing.then(() => this.#write(JSON.stringify(state, null, 2)));
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

import { AtomicJsonFile } from "../metadata/atomic-json-file.js";
import { clusterStateSchema, type ClusterState } from "./cluster-state.js";

/** Where the controller keeps its document; `save` resolves only once the state is durable. */
export interface ClusterStateStore {
  load(): Promise<ClusterState | null>;
  save(state: ClusterState): Promise<void>;
}

/** The embedded default: one JSON file replaced atomically (see AtomicJsonFile). */
export class FileClusterStateStore implements ClusterStateStore {
  readonly #file: AtomicJsonFile;

  constructor(readonly path: string) {
    this.#file = new AtomicJsonFile(path);
  }

  async load(): Promise<ClusterState | null> {
    const json = await this.#file.read();
    if (json === null) return null;
    const parsed = clusterStateSchema.safeParse(json);
    if (!parsed.success) throw new Error(`cluster state file ${this.path} is invalid: ${parsed.error.message}`);
    return parsed.data;
  }

  save(state: ClusterState): Promise<void> {
    return this.#file.write(state);
  }
}

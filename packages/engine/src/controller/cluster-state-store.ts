import { z } from "zod";
import { AtomicJsonFile } from "../metadata/atomic-json-file.js";
import { loadWithFallback } from "../metadata/load-with-fallback.js";
import { clusterStateSchema, type ClusterState } from "./cluster-state.js";

/** Where the controller keeps its document; `save` resolves only once the state is durable. */
export interface ClusterStateStore {
  load(): Promise<ClusterState | null>;
  save(state: ClusterState): Promise<void>;
}

/**
 * The embedded default: one JSON file replaced atomically, the previous version kept
 * beside it (see AtomicJsonFile). A missing or damaged file with a previous copy stops the
 * controller with a sentence saying what to do: starting from an older state on its own
 * could make SPUs drop replicas of a topic the lost change created, and starting empty
 * would forget every topic.
 */
export class FileClusterStateStore implements ClusterStateStore {
  readonly #file: AtomicJsonFile;

  constructor(readonly path: string) {
    this.#file = new AtomicJsonFile(path);
  }

  async load(): Promise<ClusterState | null> {
    const loaded = await loadWithFallback(this.#file, (json) => this.#parse(json));
    switch (loaded.kind) {
      case "current":
        return loaded.value;
      case "none":
        return null;
      case "previous":
        throw new Error(`${loaded.problem}; its previous copy ${this.#file.previousPath} (one change older) is intact: check it and copy it to ${this.path} to start from it`);
      case "damaged":
        throw new Error(`${loaded.problem}: restore ${this.path} from a backup; the controller will not start without its topics`);
    }
  }

  save(state: ClusterState): Promise<void> {
    return this.#file.write(state);
  }

  #parse(json: unknown): ClusterState {
    const parsed = clusterStateSchema.safeParse(json);
    if (!parsed.success) throw new Error(`cluster state file ${this.path} is invalid: ${z.prettifyError(parsed.error).replaceAll("\n", " ")}`);
    return parsed.data;
  }
}

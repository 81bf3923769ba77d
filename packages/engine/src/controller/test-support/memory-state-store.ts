import type { ClusterState } from "../cluster-state.js";
import type { ClusterStateStore } from "../cluster-state-store.js";

/** A store in memory that keeps every saved document and can be told to fail the next saves. */
export class MemoryClusterStateStore implements ClusterStateStore {
  readonly saved: ClusterState[] = [];
  failNextSaves = 0;

  async load(): Promise<ClusterState | null> {
    const last = this.saved.at(-1);
    return last === undefined ? null : structuredClone(last);
  }

  async save(state: ClusterState): Promise<void> {
    if (this.failNextSaves > 0) {
      this.failNextSaves--;
      throw new Error("disk full (injected)");
    }
    this.saved.push(structuredClone(state));
  }

  get last(): ClusterState | undefined {
    return this.saved.at(-1);
  }
}

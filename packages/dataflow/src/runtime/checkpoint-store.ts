import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { open, type RootDatabase } from "lmdb";
import type { ViewRow } from "../graph/contract.js";

/** "topic/partition" → offset. */
export type PartitionOffsets = Record<string, number>;

/** What one checkpoint holds: everything a restart needs to go on as if it never stopped. */
export interface Checkpoint {
  /** Counts checkpoints over the dataflow's life (restarts included). */
  readonly count: number;
  /** ms since the epoch. */
  readonly at: number;
  /** The graph's snapshot; empty before the graph saw any record. */
  readonly snapshot: Uint8Array;
  /** Per source partition ("source/partition"): the next offset to read. */
  readonly sources: PartitionOffsets;
  /** Per sink partition ("topic/partition"): its end offset once every output so far was acknowledged. */
  readonly sinks: PartitionOffsets;
  /** Ids written to the sinks before a restart and not re-emitted yet: still to be skipped. */
  readonly pendingIds: readonly string[];
  readonly views: readonly ViewRow[];
}

export const partitionKey = (name: string, partition: number): string => `${name}/${partition.toString()}`;

/**
 * The dataflow's checkpoints in lmdb under DIR/state. A checkpoint is written in one transaction
 * (lmdb commits it durably and atomically), so a process killed at any moment finds the previous
 * checkpoint or the new one, never a mix.
 */
export class CheckpointStore {
  readonly #db: RootDatabase<Uint8Array, string>;

  private constructor(db: RootDatabase<Uint8Array, string>) {
    this.#db = db;
  }

  static open(dataDir: string): CheckpointStore {
    return new CheckpointStore(open<Uint8Array, string>({ path: join(dataDir, "state"), encoding: "binary" }));
  }

  read(): Checkpoint | undefined {
    const meta = this.#db.get("meta");
    if (meta === undefined) return undefined;
    const { count, at, sources, sinks, pendingIds } = deserialize(meta) as Pick<Checkpoint, "count" | "at" | "sources" | "sinks"> & { pendingIds?: string[] };
    const snapshot = this.#db.get("snapshot") ?? new Uint8Array();
    const views = this.#db.get("views");
    return { count, at, sources, sinks, pendingIds: pendingIds ?? [], snapshot: new Uint8Array(snapshot), views: views === undefined ? [] : (deserialize(views) as ViewRow[]) };
  }

  /** Resolves once the checkpoint is on disk. */
  async write(checkpoint: Checkpoint): Promise<void> {
    const meta = serialize({ count: checkpoint.count, at: checkpoint.at, sources: checkpoint.sources, sinks: checkpoint.sinks, pendingIds: checkpoint.pendingIds });
    const views = serialize(checkpoint.views);
    await this.#db.transaction(() => {
      void this.#db.put("meta", meta);
      void this.#db.put("snapshot", checkpoint.snapshot);
      void this.#db.put("views", views);
    });
  }

  async close(): Promise<void> {
    await this.#db.close();
  }
}

import { DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager } from "nats";

/** A phase's JetStream stream and the one subject it captures. */
export interface BenchJetStream {
  readonly stream: string;
  readonly subject: string;
}

/**
 * Creates a fresh file-storage stream with one replica for the phase `name`
 * (a leftover of an interrupted run with the same name is deleted first).
 * Both JetStream drivers, nats.js and libnats, measure streams made here.
 */
export async function createBenchJetStream(manager: JetStreamManager, name: string): Promise<BenchJetStream> {
  const safe = name.replaceAll(/[^A-Za-z0-9_-]/g, "_");
  const names = { stream: `FRESHET_BENCH_${safe}`, subject: `freshet-bench.${safe}` };
  await manager.streams.delete(names.stream).catch(() => false);
  await manager.streams.add({
    name: names.stream,
    subjects: [names.subject],
    storage: StorageType.File,
    num_replicas: 1,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
  });
  return names;
}

export async function deleteBenchJetStream(manager: JetStreamManager, stream: string): Promise<void> {
  await manager.streams.delete(stream).catch(() => false);
}

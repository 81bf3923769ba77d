import { randomUUID } from "node:crypto";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { EngineResources } from "../system/resources.js";
import type { ClusterMetadata } from "../metadata/metadata-store.js";
import { defaultTopicConfig } from "./topic-config.js";
import { nodeFileSystem } from "../log/fs/node-file-system.js";

/** Directory names are `<topic>-<partition>`; topic names may themselves contain dashes and digits. */
const PARTITION_DIRECTORY = /^(.+)-(\d+)$/;
/** Where a deleted topic's directories wait until the metadata without it is durable. */
const DELETING_PREFIX = ".deleting-";

/**
 * Brings the partition directories under `<dataDir>/topics` and the metadata back in line
 * at start, never by deleting data the metadata does not know about:
 * - a directory whose segments hold no bytes is what a crash between creating a topic's
 *   logs and saving metadata leaves behind: removed;
 * - a directory holding data that the metadata does not list (metadata.json lost, damaged
 *   or rolled back to its previous copy) is adopted: its topic is rebuilt, with the
 *   partition count the directories show and the default config except retention, which
 *   is turned off so that no data is deleted on a guess; an operator sets it again;
 * - a deletion interrupted by a crash is finished when the metadata no longer lists the
 *   topic, and undone when it still does (see `moveAsideForDeletion`).
 * Returns the names of the topics rebuilt.
 */
export async function reconcilePartitionDirectories(dataDir: string, metadata: ClusterMetadata, resources: EngineResources): Promise<string[]> {
  const root = join(dataDir, "topics");
  const entries = await readdir(root).catch(() => [] as string[]);
  await settleDeletions(
    root,
    entries.filter((entry) => entry.startsWith(DELETING_PREFIX)),
    metadata,
    resources,
  );
  const unknown = new Map<string, number[]>();
  for (const entry of await readdir(root).catch(() => [] as string[])) {
    const match = PARTITION_DIRECTORY.exec(entry);
    if (!match || entry.startsWith(".")) continue;
    const topic = match[1]!;
    const index = Number(match[2]);
    if (index < (metadata.topics[topic]?.partitions ?? 0)) continue;
    if (!(await holdsData(join(root, entry)))) {
      resources.logger.warn({ directory: entry }, "removing empty partition directory that no topic owns");
      await rm(join(root, entry), { recursive: true, force: true });
      continue;
    }
    unknown.set(topic, [...(unknown.get(topic) ?? []), index]);
  }
  for (const [topic, indexes] of unknown) adopt(metadata, topic, Math.max(...indexes) + 1, resources);
  return [...unknown.keys()];
}

function adopt(metadata: ClusterMetadata, topic: string, partitions: number, resources: EngineResources): void {
  const known = metadata.topics[topic];
  if (known) {
    resources.logger.warn({ topic, from: known.partitions, to: partitions }, "metadata lists fewer partitions than the data directory holds; keeping them all");
    known.partitions = partitions;
    return;
  }
  const config = { ...defaultTopicConfig(), "retention.ms": -1, "retention.bytes": -1 };
  metadata.topics[topic] = { id: randomUUID(), partitions, config, explicitConfig: ["retention.ms", "retention.bytes"], createdAt: resources.clock.now() };
  resources.logger.warn({ topic, partitions }, "rebuilt topic missing from the metadata from its partition directories (default config, retention off)");
}

/** Whether any segment file in the directory has bytes. */
async function holdsData(dir: string): Promise<boolean> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.endsWith(".log")) continue;
    if (((await stat(join(dir, name)).catch(() => null))?.size ?? 0) > 0) return true;
  }
  return false;
}

/**
 * First step of deleting a topic whose logs are closed: its directories move into
 * `topics/.deleting-<topic id>`; the caller then saves metadata without the topic and
 * calls the returned function to remove them. A crash before the metadata is saved
 * brings them back at the next start; one after it finishes the deletion.
 */
export async function moveAsideForDeletion(dataDir: string, topicId: string, directories: readonly string[]): Promise<() => Promise<void>> {
  const root = join(dataDir, "topics");
  const aside = join(root, `${DELETING_PREFIX}${topicId}`);
  await mkdir(aside, { recursive: true });
  for (const directory of directories) {
    await rename(join(root, directory), join(aside, directory)).catch((cause: NodeJS.ErrnoException) => {
      if (cause.code !== "ENOENT") throw cause;
    });
  }
  await nodeFileSystem.syncDirectory(root);
  return () => rm(aside, { recursive: true, force: true });
}

async function settleDeletions(root: string, pending: readonly string[], metadata: ClusterMetadata, resources: EngineResources): Promise<void> {
  const liveIds = new Set(Object.values(metadata.topics).map((topic) => topic.id));
  for (const entry of pending) {
    const aside = join(root, entry);
    if (!liveIds.has(entry.slice(DELETING_PREFIX.length))) {
      await rm(aside, { recursive: true, force: true });
      continue;
    }
    resources.logger.warn({ directory: entry }, "restoring the partitions of a topic whose deletion was interrupted before it was saved");
    for (const directory of await readdir(aside)) await rename(join(aside, directory), join(root, directory));
    await rm(aside, { recursive: true, force: true });
  }
  if (pending.length > 0) await nodeFileSystem.syncDirectory(root);
}

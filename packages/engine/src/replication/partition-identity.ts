import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Logger } from "../system/logger.js";

/** Kafka's name for the file that ties a partition directory to its topic id. */
const IDENTITY_FILE = "partition.metadata";

/**
 * Makes sure the partition directory `dir` belongs to the topic with `topicId` before a
 * replica opens it: a directory left by an earlier topic of the same name (a controller
 * that lost its state and had the topic created again, a deletion this SPU missed) is
 * moved to `<data dir>/quarantine/` and reported, never opened as the new topic's log
 * and never deleted. A directory without the file predates it and is adopted.
 */
export async function claimPartitionDirectory(dir: string, topicId: string, logger: Logger): Promise<void> {
  const file = join(dir, IDENTITY_FILE);
  const recorded = await readFile(file, "utf8").then(
    (text) => /^topic_id: (.+)$/m.exec(text)?.[1] ?? null,
    () => null,
  );
  if (recorded === topicId) return;
  if (recorded !== null) {
    const quarantine = join(dirname(dirname(dir)), "quarantine");
    const aside = join(quarantine, `${basename(dir)}-${recorded}`);
    await mkdir(quarantine, { recursive: true });
    await rename(dir, aside);
    logger.warn({ dir, belongsTo: recorded, topicId, movedTo: aside }, "partition directory belongs to an earlier topic of the same name; moved to quarantine");
  }
  await mkdir(dir, { recursive: true });
  await writeFile(file, `version: 0\ntopic_id: ${topicId}\n`);
}

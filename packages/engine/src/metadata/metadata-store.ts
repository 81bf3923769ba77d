import { z } from "zod";
import type { Clock } from "../system/clock.js";
import type { Logger } from "../system/logger.js";
import { AtomicJsonFile } from "./atomic-json-file.js";
import { loadWithFallback } from "./load-with-fallback.js";
import { topicConfigSchema } from "../topics/topic-config.js";

/**
 * The broker's durable metadata: topics, their partition counts and configs, and
 * the producer-id high-water mark. The single-node broker is its only writer; the
 * controller of a replicated cluster will own the same document.
 */
export const metadataSchema = z.object({
  version: z.literal(1),
  clusterId: z.string().min(1),
  nextProducerId: z.number().int().min(0),
  topics: z.record(
    z.string(),
    z.object({
      id: z.string(),
      partitions: z.number().int().min(1),
      config: topicConfigSchema,
      /** Config keys the creator set; the rest are defaults (DescribeConfigs reports the difference). */
      explicitConfig: z.array(z.string()).default([]),
      createdAt: z.number().int(),
    }),
  ),
});

export type ClusterMetadata = z.infer<typeof metadataSchema>;

export interface LoadedMetadata {
  /** null for a new data directory, or when no copy of the metadata is usable. */
  readonly metadata: ClusterMetadata | null;
  /**
   * The metadata is not the last one written (an older copy, or none although there was
   * one): topics, partitions and the producer-id mark may lag what the data holds.
   */
  readonly recovered: boolean;
}

export interface MetadataStore {
  load(): Promise<LoadedMetadata>;
  save(metadata: ClusterMetadata): Promise<void>;
}

/**
 * The standalone broker's metadata in one JSON file replaced atomically, with the
 * previous version kept beside it (see AtomicJsonFile): a missing or damaged file falls
 * back to the previous copy, and failing that the broker rebuilds topics from the
 * partition directories (see topics/partition-directories.ts), never the reverse.
 */
export class FileMetadataStore implements MetadataStore {
  readonly #file: AtomicJsonFile;

  constructor(
    private readonly path: string,
    private readonly resources: { readonly logger: Logger; readonly clock: Clock },
  ) {
    this.#file = new AtomicJsonFile(path);
  }

  async load(): Promise<LoadedMetadata> {
    const loaded = await loadWithFallback(this.#file, (json) => this.#parse(json), this.resources.clock.now());
    switch (loaded.kind) {
      case "current":
        return { metadata: loaded.value, recovered: false };
      case "none":
        return { metadata: null, recovered: false };
      case "previous":
        this.resources.logger.warn({ problem: loaded.problem, using: this.#file.previousPath }, "metadata file unusable; using its previous copy");
        return { metadata: loaded.value, recovered: true };
      case "damaged":
        this.resources.logger.error({ problem: loaded.problem }, "no usable metadata file; rebuilding topics from the partition directories");
        return { metadata: null, recovered: true };
    }
  }

  save(metadata: ClusterMetadata): Promise<void> {
    return this.#file.write(metadata);
  }

  #parse(json: unknown): ClusterMetadata {
    const parsed = metadataSchema.safeParse(json);
    if (!parsed.success) throw new Error(`metadata file ${this.path} is invalid: ${z.prettifyError(parsed.error).replaceAll("\n", " ")}`);
    return parsed.data;
  }
}

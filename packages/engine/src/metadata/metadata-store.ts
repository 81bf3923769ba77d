import { z } from "zod";
import { AtomicJsonFile } from "./atomic-json-file.js";
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

export interface MetadataStore {
  load(): Promise<ClusterMetadata | null>;
  save(metadata: ClusterMetadata): Promise<void>;
}

/** The standalone broker's metadata in one JSON file replaced atomically (see AtomicJsonFile). */
export class FileMetadataStore implements MetadataStore {
  readonly #file: AtomicJsonFile;

  constructor(private readonly path: string) {
    this.#file = new AtomicJsonFile(path);
  }

  async load(): Promise<ClusterMetadata | null> {
    const json = await this.#file.read();
    if (json === null) return null;
    const parsed = metadataSchema.safeParse(json);
    if (!parsed.success) throw new Error(`metadata file ${this.path} is invalid: ${parsed.error.message}`);
    return parsed.data;
  }

  save(metadata: ClusterMetadata): Promise<void> {
    return this.#file.write(metadata);
  }
}

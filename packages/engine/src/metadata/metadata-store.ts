import { mkdir, open, readFile, rename } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
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

/**
 * A JSON file replaced atomically: write a temporary file, fsync it, rename over
 * the old one, fsync the directory. A crash leaves either the old or the new file.
 */
export class FileMetadataStore implements MetadataStore {
  #writing: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {}

  async load(): Promise<ClusterMetadata | null> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw cause;
    }
    const parsed = metadataSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`metadata file ${this.path} is invalid: ${parsed.error.message}`);
    return parsed.data;
  }

  save(metadata: ClusterMetadata): Promise<void> {
    // Saves are serialized so an older snapshot can never overwrite a newer one.
    const next = this.#writing.then(() => this.#write(metadata));
    this.#writing = next.catch(() => undefined);
    return next;
  }

  async #write(metadata: ClusterMetadata): Promise<void> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true });
    const temporary = `${this.path}.tmp`;
    const file = await open(temporary, "w");
    try {
      await file.writeFile(JSON.stringify(metadata, null, 2));
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

import { S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import type { BlobStore } from "./blob-store.js";
import { FsBlobStore } from "./fs-blob-store.js";
import { S3BlobStore } from "./s3-blob-store.js";

/** The hub's storage settings are wrong; the message is one sentence naming the variable. */
export class HubStorageConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HubStorageConfigError";
  }
}

const flag = z.enum(["true", "false", "1", "0"]).transform((text) => text === "true" || text === "1");
const text = z.string().trim().min(1);

const envSchema = z.object({
  /** fs (default) or s3. */
  HUB_STORAGE: z.enum(["fs", "s3"]).default("fs"),
  /** fs: the directory blobs live under; defaults to the caller's data directory. */
  HUB_STORAGE_DIR: text.optional(),
  /** s3: an S3-compatible endpoint URL (MinIO, R2…); AWS's own when absent. */
  HUB_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** s3: the bucket, which must exist. */
  HUB_S3_BUCKET: text.optional(),
  /** s3: default us-east-1. */
  HUB_S3_REGION: text.default("us-east-1"),
  /** s3: both keys or neither (then the SDK's default credential chain). */
  HUB_S3_ACCESS_KEY_ID: text.optional(),
  HUB_S3_SECRET_ACCESS_KEY: text.optional(),
  /** s3: true for servers without virtual-host buckets (MinIO, s3rver); default false. */
  HUB_S3_FORCE_PATH_STYLE: flag.default(false),
});

/** Unset and empty variables are the same to an operator editing an env file. */
function withoutEmpty(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[0].startsWith("HUB_") && entry[1] !== undefined && entry[1].trim() !== ""));
}

const SENTENCES: Record<string, string> = {
  HUB_STORAGE: "HUB_STORAGE must be fs or s3.",
  HUB_S3_ENDPOINT: "HUB_S3_ENDPOINT must be an http or https URL.",
  HUB_S3_FORCE_PATH_STYLE: "HUB_S3_FORCE_PATH_STYLE must be true or false.",
};

/**
 * The blob store the environment describes (`HUB_STORAGE=fs|s3` and its settings). `defaultDir` is
 * where fs storage goes when HUB_STORAGE_DIR is unset: the API's or local cloud's data directory.
 */
export function blobStoreFromEnv(env: Readonly<Record<string, string | undefined>>, options: { readonly defaultDir?: string } = {}): BlobStore {
  const parsed = envSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const variable = String(parsed.error.issues[0]?.path[0] ?? "HUB_STORAGE");
    throw new HubStorageConfigError(SENTENCES[variable] ?? `${variable} is not valid.`);
  }
  const config = parsed.data;
  if (config.HUB_STORAGE === "fs") {
    const dir = config.HUB_STORAGE_DIR ?? options.defaultDir;
    if (dir === undefined) throw new HubStorageConfigError("HUB_STORAGE_DIR must name the directory the hub keeps artifacts in.");
    return new FsBlobStore(dir);
  }
  if (config.HUB_S3_BUCKET === undefined) throw new HubStorageConfigError("HUB_S3_BUCKET must name the bucket the hub keeps artifacts in when HUB_STORAGE is s3.");
  if ((config.HUB_S3_ACCESS_KEY_ID === undefined) !== (config.HUB_S3_SECRET_ACCESS_KEY === undefined)) {
    throw new HubStorageConfigError("HUB_S3_ACCESS_KEY_ID and HUB_S3_SECRET_ACCESS_KEY must be set together, or both left unset.");
  }
  const credentials =
    config.HUB_S3_ACCESS_KEY_ID === undefined || config.HUB_S3_SECRET_ACCESS_KEY === undefined
      ? undefined
      : { accessKeyId: config.HUB_S3_ACCESS_KEY_ID, secretAccessKey: config.HUB_S3_SECRET_ACCESS_KEY };
  const client = new S3Client({ region: config.HUB_S3_REGION, endpoint: config.HUB_S3_ENDPOINT, forcePathStyle: config.HUB_S3_FORCE_PATH_STYLE, credentials });
  return new S3BlobStore({ client, bucket: config.HUB_S3_BUCKET });
}

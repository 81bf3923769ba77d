import { z } from "zod";

/** The columns every file has; declared fields may not reuse these names. */
export const FIXED_COLUMNS = ["topic", "partition", "offset", "timestamp", "key", "value"] as const;

const field = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "must be a letter or underscore followed by letters, digits or underscores")
    .describe("The column's name in the Parquet files."),
  path: z.string().min(1).describe('Where the value sits in the record\'s JSON value, as dot-separated keys or array indexes, e.g. "order.lines.0.sku".'),
  type: z.enum(["string", "int64", "double", "boolean"]).describe("The column's type; a record whose value holds anything else there is refused (dead-lettered)."),
});

const localDestination = z.strictObject({
  kind: z.literal("local").describe("Files on this machine's file system."),
  directory: z.string().min(1).describe("The directory the files go to (created if missing), as <directory>/<topic>/<partition>/<offsets>.parquet."),
});

const s3Destination = z.strictObject({
  kind: z.literal("s3").describe("Objects in an S3-compatible object store."),
  bucket: z.string().min(3).describe("The bucket the objects go to; it must exist."),
  prefix: z
    .string()
    .regex(/^[^/](.*[^/])?$/, "must not start or end with a slash")
    .optional()
    .describe("Folder the objects go under, without leading or trailing slash. Default: none."),
  endpoint: z.url().optional().describe("The store's URL, e.g. http://minio:9000. Default: AWS S3 of the region."),
  region: z.string().min(1).default("us-east-1").describe("The bucket's region. Default us-east-1."),
  forcePathStyle: z.boolean().default(false).describe("Address the bucket in the path (http://host/bucket/key), as MinIO and most S3-compatible stores want. Default false."),
  accessKeyId: z.string().min(1).optional().describe("Access key id. Default: the AWS credential chain (environment, profile, instance role)."),
  secretAccessKey: z.string().min(1).optional().describe("Secret access key, with accessKeyId."),
});

export const lakeSinkConfig = z
  .strictObject({
    destination: z.discriminatedUnion("kind", [localDestination, s3Destination]).describe("Where the Parquet files are written."),
    valueFormat: z.enum(["string", "bytes"]).default("string").describe("The value column's type: string (UTF-8 text, STRING) or bytes (BYTE_ARRAY). Default string."),
    keyFormat: z.enum(["string", "bytes"]).default("string").describe("The key column's type: string (UTF-8 text, STRING) or bytes (BYTE_ARRAY). Default string."),
    fields: z.array(field).default([]).describe("Extra columns taken from JSON values. Default: none."),
    rollRecords: z.number().int().min(1).max(10_000_000).default(10_000).describe("A file is closed once it holds this many records. Default 10000."),
    rollBytes: z
      .number()
      .int()
      .min(1024)
      .default(64 * 1024 * 1024)
      .describe("A file is closed once its records' keys and values add up to this many bytes. Default 64 MiB."),
    rollIntervalMs: z.number().int().min(1).default(60_000).describe("A file is closed once it has been open this long, even if small. Default 60000 (1 minute)."),
  })
  .refine((c) => c.fields.every((f) => !(FIXED_COLUMNS as readonly string[]).includes(f.name)), {
    message: `a field may not be named ${FIXED_COLUMNS.join(", ")} (those columns are always written)`,
    path: ["fields"],
  })
  .refine((c) => new Set(c.fields.map((f) => f.name)).size === c.fields.length, { message: "two fields have the same name", path: ["fields"] })
  .refine((c) => c.destination.kind !== "s3" || (c.destination.accessKeyId === undefined) === (c.destination.secretAccessKey === undefined), {
    message: "set accessKeyId and secretAccessKey together",
    path: ["destination"],
  });

export type LakeSinkConfig = z.infer<typeof lakeSinkConfig>;
export type LakeField = LakeSinkConfig["fields"][number];
export type LakeDestination = LakeSinkConfig["destination"];
export type S3Destination = Extract<LakeDestination, { kind: "s3" }>;
export type LocalDestination = Extract<LakeDestination, { kind: "local" }>;

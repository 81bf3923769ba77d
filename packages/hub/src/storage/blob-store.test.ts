import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalS3, type LocalS3 } from "../test-support/local-s3.js";
import { blobStoreFromEnv, BlobStoreError, FsBlobStore, HubStorageConfigError, S3BlobStore, type BlobStore } from "./index.js";

const digestOf = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const BUCKET = "hub-artifacts";
const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

let s3: LocalS3;
let client: S3Client;
let root: string;

beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
  client = new S3Client({ region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials });
  root = await mkdtemp(join(tmpdir(), "freshet-hub-blobs-"));
});

afterAll(async () => {
  client.destroy();
  await s3.stop();
  await rm(root, { recursive: true, force: true });
});

const stores: [string, () => BlobStore][] = [
  ["FsBlobStore", () => new FsBlobStore(root)],
  ["S3BlobStore", () => new S3BlobStore({ client, bucket: BUCKET, prefix: "hub" })],
];

describe.each(stores)("%s", (_name, store) => {
  it("gives back the bytes it stored under their digest", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        const digest = digestOf(bytes);
        await store().put(digest, bytes);
        expect(await store().has(digest)).toBe(true);
        expect(await store().get(digest)).toEqual(bytes);
      }),
      { numRuns: 15 },
    );
  });

  it("stores the same blob again harmlessly, also concurrently", async () => {
    const bytes = new TextEncoder().encode("the same component, published twice");
    const digest = digestOf(bytes);
    await Promise.all([store().put(digest, bytes), store().put(digest, bytes), store().put(digest, bytes)]);
    await store().put(digest, bytes);
    expect(await store().get(digest)).toEqual(bytes);
  });

  it("answers null and false for a digest it never stored", async () => {
    const digest = digestOf(new TextEncoder().encode("never stored"));
    expect(await store().get(digest)).toBeNull();
    expect(await store().has(digest)).toBe(false);
  });

  it("refuses a digest that is not 64 lowercase hex digits, so none becomes a path outside the store", async () => {
    for (const digest of ["../../etc/passwd", "A".repeat(64), "ab", `${"0".repeat(63)}/`]) {
      await expect(store().put(digest, new Uint8Array([1]))).rejects.toThrow(BlobStoreError);
      await expect(store().get(digest)).rejects.toThrow(`"${digest}" is not a sha256 digest (64 lowercase hex digits).`);
      await expect(store().has(digest)).rejects.toThrow(BlobStoreError);
    }
  });
});

describe("FsBlobStore", () => {
  it("lays blobs out as sha256/<first 2>/<digest> and leaves no temporary file behind", async () => {
    const bytes = new TextEncoder().encode("layout");
    const digest = digestOf(bytes);
    await new FsBlobStore(root).put(digest, bytes);
    expect(new Uint8Array(await readFile(join(root, "sha256", digest.slice(0, 2), digest)))).toEqual(bytes);
    expect(await readdir(join(root, "sha256", digest.slice(0, 2)))).toEqual([digest]);
  });

  it("serves what is on disk without checking it: callers verify", async () => {
    const bytes = new TextEncoder().encode("original");
    const digest = digestOf(bytes);
    const store = new FsBlobStore(root);
    await store.put(digest, bytes);
    await writeFile(join(root, "sha256", digest.slice(0, 2), digest), "tampered");
    expect(new TextDecoder().decode((await store.get(digest)) ?? new Uint8Array())).toBe("tampered");
  });
});

describe("S3BlobStore", () => {
  it("keeps blobs as <prefix>/sha256/<first 2>/<digest> objects", async () => {
    const bytes = new TextEncoder().encode("layout in a bucket");
    const digest = digestOf(bytes);
    await new S3BlobStore({ client, bucket: BUCKET, prefix: "tenant-a/" }).put(digest, bytes);
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `tenant-a/sha256/${digest.slice(0, 2)}/${digest}` }));
    expect(await object.Body?.transformToByteArray()).toEqual(bytes);
    expect(await new S3BlobStore({ client, bucket: BUCKET, prefix: "tenant-b" }).has(digest)).toBe(false);
  });
});

describe("blobStoreFromEnv", () => {
  it("keeps blobs in HUB_STORAGE_DIR, or in the default directory given", async () => {
    const bytes = new TextEncoder().encode("from env");
    const digest = digestOf(bytes);
    await blobStoreFromEnv({ HUB_STORAGE_DIR: join(root, "env") }).put(digest, bytes);
    expect(await new FsBlobStore(join(root, "env")).get(digest)).toEqual(bytes);
    expect(await blobStoreFromEnv({ HUB_STORAGE: "fs", HUB_STORAGE_DIR: "" }, { defaultDir: join(root, "env") }).get(digest)).toEqual(bytes);
  });

  it("round-trips through S3 configured only by variables", async () => {
    const store = blobStoreFromEnv({
      HUB_STORAGE: "s3",
      HUB_S3_ENDPOINT: s3.endpoint,
      HUB_S3_BUCKET: BUCKET,
      HUB_S3_ACCESS_KEY_ID: credentials.accessKeyId,
      HUB_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      HUB_S3_FORCE_PATH_STYLE: "true",
    });
    const bytes = new TextEncoder().encode("through the env");
    const digest = digestOf(bytes);
    await store.put(digest, bytes);
    expect(await store.get(digest)).toEqual(bytes);
    expect(await new S3BlobStore({ client, bucket: BUCKET }).get(digest)).toEqual(bytes);
  });

  it.each([
    [{ HUB_STORAGE: "gcs" }, "HUB_STORAGE must be fs or s3."],
    [{}, "HUB_STORAGE_DIR must name the directory the hub keeps artifacts in."],
    [{ HUB_STORAGE: "s3" }, "HUB_S3_BUCKET must name the bucket the hub keeps artifacts in when HUB_STORAGE is s3."],
    [{ HUB_STORAGE: "s3", HUB_S3_BUCKET: "b", HUB_S3_ENDPOINT: "minio:9000" }, "HUB_S3_ENDPOINT must be an http or https URL."],
    [{ HUB_STORAGE: "s3", HUB_S3_BUCKET: "b", HUB_S3_FORCE_PATH_STYLE: "yes" }, "HUB_S3_FORCE_PATH_STYLE must be true or false."],
    [{ HUB_STORAGE: "s3", HUB_S3_BUCKET: "b", HUB_S3_ACCESS_KEY_ID: "id" }, "HUB_S3_ACCESS_KEY_ID and HUB_S3_SECRET_ACCESS_KEY must be set together, or both left unset."],
  ])("refuses %o with one sentence", (env, message) => {
    expect(() => blobStoreFromEnv(env)).toThrow(new HubStorageConfigError(message));
  });
});

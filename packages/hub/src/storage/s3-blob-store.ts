import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3ServiceException, type S3Client } from "@aws-sdk/client-s3";
import { blobPath, BlobStoreError, type BlobStore } from "./blob-store.js";

export interface S3BlobStoreOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Keys start with it; a trailing "/" is added when missing. */
  readonly prefix?: string;
}

/** Artifacts as objects `<prefix>sha256/<first 2>/<digest>` in one bucket. An S3 PUT is atomic, so no temporary object is needed. */
export class S3BlobStore implements BlobStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor({ client, bucket, prefix = "" }: S3BlobStoreOptions) {
    this.#client = client;
    this.#bucket = bucket;
    this.#prefix = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
  }

  async put(digest: string, bytes: Uint8Array): Promise<void> {
    const Key = this.#keyOf(digest);
    try {
      await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key, Body: bytes, ContentLength: bytes.byteLength, ContentType: "application/octet-stream" }));
    } catch (error) {
      throw new BlobStoreError(`Could not store blob ${digest} in bucket ${this.#bucket}.`, { cause: error });
    }
  }

  async get(digest: string): Promise<Uint8Array | null> {
    const Key = this.#keyOf(digest);
    try {
      const answer = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key }));
      if (answer.Body === undefined) return new Uint8Array();
      return await answer.Body.transformToByteArray();
    } catch (error) {
      if (isNotFound(error)) return null;
      throw new BlobStoreError(`Could not read blob ${digest} from bucket ${this.#bucket}.`, { cause: error });
    }
  }

  async has(digest: string): Promise<boolean> {
    const Key = this.#keyOf(digest);
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw new BlobStoreError(`Could not look up blob ${digest} in bucket ${this.#bucket}.`, { cause: error });
    }
  }

  #keyOf(digest: string): string {
    return `${this.#prefix}${blobPath(digest)}`;
  }
}

/** GET answers NoSuchKey; HEAD has no body, so only its status says the object is missing. */
function isNotFound(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.name === "NotFound" || error.$metadata.httpStatusCode === 404);
}

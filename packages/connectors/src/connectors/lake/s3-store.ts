import { HeadBucketCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import type { CheckResult } from "../../kit/connector.js";
import { PermanentError } from "../../kit/errors.js";
import type { S3Destination } from "./lake-config.js";
import type { LakeStore } from "./lake-store.js";

/** Answers that stay the same however often the request is repeated. */
const REFUSALS = new Set(["NoSuchBucket", "NotFound", "AccessDenied", "Forbidden", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidBucketName"]);

/** One sentence for what the store answered, or why it did not answer. */
function explain(error: unknown, destination: S3Destination): string {
  const where = destination.endpoint ?? `S3 (${destination.region})`;
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode;
    if (error.name === "NoSuchBucket" || error.name === "NotFound" || status === 404) return `the bucket ${destination.bucket} does not exist at ${where}`;
    if (status === 403 || error.name === "AccessDenied" || error.name === "InvalidAccessKeyId" || error.name === "SignatureDoesNotMatch") {
      return `${where} refused access to the bucket ${destination.bucket} (${error.name}): check accessKeyId and secretAccessKey`;
    }
    return `${where} answered ${error.name}${status === undefined ? "" : ` (HTTP ${status.toString()})`}: ${error.message}`;
  }
  return `cannot reach the S3 endpoint ${where}: ${(error as Error).message}`;
}

/** Objects in an S3 bucket; PutObject is atomic, so an object is either all there or absent. */
export class S3Store implements LakeStore {
  readonly #client: S3Client;

  constructor(private readonly destination: S3Destination) {
    this.#client = new S3Client({
      region: destination.region,
      endpoint: destination.endpoint,
      forcePathStyle: destination.forcePathStyle,
      credentials: destination.accessKeyId === undefined ? undefined : { accessKeyId: destination.accessKeyId, secretAccessKey: destination.secretAccessKey ?? "" },
      // The connector runtime retries with its own back-off; the SDK only smooths over a blip.
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
    });
  }

  async put(name: string, bytes: Uint8Array): Promise<void> {
    try {
      await this.#client.send(new PutObjectCommand({ Bucket: this.destination.bucket, Key: name, Body: bytes, ContentLength: bytes.byteLength, ContentType: "application/vnd.apache.parquet" }));
    } catch (error) {
      const message = `cannot store ${name}: ${explain(error, this.destination)}`;
      throw error instanceof S3ServiceException && REFUSALS.has(error.name) ? new PermanentError(message, { cause: error }) : new Error(message, { cause: error });
    }
  }

  async check(): Promise<CheckResult> {
    try {
      await this.#client.send(new HeadBucketCommand({ Bucket: this.destination.bucket }));
      return { ok: true, detail: `objects go to s3://${this.destination.bucket}/${this.destination.prefix ?? ""}` };
    } catch (error) {
      return { ok: false, message: explain(error, this.destination) };
    }
  }

  async close(): Promise<void> {
    this.#client.destroy();
  }
}

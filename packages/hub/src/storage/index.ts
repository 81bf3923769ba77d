export { type BlobStore, BlobStoreError, blobPath } from "./blob-store.js";
export { FsBlobStore } from "./fs-blob-store.js";
export { S3BlobStore, type S3BlobStoreOptions } from "./s3-blob-store.js";
export { blobStoreFromEnv, HubStorageConfigError } from "./from-env.js";

/**
 * Where artifacts live, by the sha256 of their bytes. A store keeps what it is given: callers check
 * the bytes against the digest (before `put`, and again after `get`, since storage can be changed
 * behind the hub's back).
 */
export interface BlobStore {
  /** Stores the bytes under `digest`; storing them again is harmless, and a reader never sees part of them. */
  put(digest: string, bytes: Uint8Array): Promise<void>;
  /** The bytes stored under `digest`, or null when there are none. */
  get(digest: string): Promise<Uint8Array | null>;
  has(digest: string): Promise<boolean>;
}

/** A store refused a request or could not reach its storage; `message` is one sentence for an operator. */
export class BlobStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BlobStoreError";
  }
}

const DIGEST = /^[0-9a-f]{64}$/;

/**
 * `sha256/<first two hex digits>/<digest>`: the digest is checked first because it becomes a file
 * path or an object key, and a crafted one ("../…") must not reach outside the store.
 */
export function blobPath(digest: string): string {
  if (!DIGEST.test(digest)) throw new BlobStoreError(`"${digest}" is not a sha256 digest (64 lowercase hex digits).`);
  return `sha256/${digest.slice(0, 2)}/${digest}`;
}

import type { CheckResult } from "../../kit/connector.js";
import type { LakeDestination } from "./lake-config.js";

/** Where finished files go: a directory or an S3 bucket. */
export interface LakeStore {
  /** Stores `bytes` under `name` (replacing an earlier object of that name) and resolves once durable. */
  put(name: string, bytes: Uint8Array): Promise<void>;
  /** Whether files can be stored, without storing one the sink would later read as data. */
  check(): Promise<CheckResult>;
  close(): Promise<void>;
}

/** The store for a destination, loading the S3 client only when it is used. */
export async function openLakeStore(destination: LakeDestination): Promise<LakeStore> {
  if (destination.kind === "local") {
    const { LocalStore } = await import("./local-store.js");
    return new LocalStore(destination);
  }
  const { S3Store } = await import("./s3-store.js");
  return new S3Store(destination);
}

import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: { address: string; port: number; silent: boolean; directory: string; configureBuckets: { name: string }[] }) => S3rverServer;

// s3rver ships no types, and the connectors package already declares the module for the whole
// workspace's type check; loading it through require keeps this package's own check free of both.
const S3rver = createRequire(import.meta.url)("s3rver") as S3rverConstructor;

export interface LocalS3 {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** An S3 server on a free loopback port, keeping its objects in a fresh temporary directory. */
export async function startLocalS3(buckets: readonly string[]): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), "freshet-hub-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port.toString()}`,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

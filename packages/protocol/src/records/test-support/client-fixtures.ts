import { readdirSync, readFileSync } from "node:fs";
import type { CompressionName } from "../../compression/codec.js";

export interface ClientFixture {
  readonly file: string;
  readonly client: string;
  readonly description: string;
  readonly compression: CompressionName;
  readonly batch: Uint8Array;
  readonly records: {
    readonly key: string | null;
    readonly value: string | null;
    readonly headers: { readonly key: string; readonly value: string | null }[];
    readonly timestamp?: number;
  }[];
}

const DIRECTORY = new URL("../../../test-fixtures/batches/", import.meta.url);

/** The record sets captured from kcat and kafkajs by scripts/capture-client-batches.ts. */
export function loadClientFixtures(): ClientFixture[] {
  return readdirSync(DIRECTORY)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      const parsed = JSON.parse(readFileSync(new URL(file, DIRECTORY), "utf8")) as Omit<ClientFixture, "file" | "batch"> & {
        batchHex: string;
      };
      return { ...parsed, file, batch: Uint8Array.from(Buffer.from(parsed.batchHex, "hex")) };
    });
}

export function text(bytes: Uint8Array | null): string | null {
  return bytes === null ? null : Buffer.from(bytes).toString("utf8");
}

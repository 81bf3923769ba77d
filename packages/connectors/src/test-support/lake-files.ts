import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { parquetReadObjects } from "hyparquet";
import type { ConnectorClock } from "../kit/connector.js";
import type { SinkRecord } from "../kit/record.js";

const encoder = new TextEncoder();

/** Records of one topic-partition at `offsets`, value = JSON naming the offset. */
export function records(topic: string, partition: number, offsets: readonly number[], value: (offset: number) => string = (o) => JSON.stringify({ n: o })): SinkRecord[] {
  return offsets.map((offset) => ({
    topic,
    partition,
    offset,
    timestamp: 1_700_000_000_000 + offset,
    key: encoder.encode(`k${offset.toString()}`),
    value: encoder.encode(value(offset)),
    headers: {},
  }));
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** A clock the test moves by hand. */
export function manualClock(start = 1_000_000): ConnectorClock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: () => Promise.resolve(),
    advance: (ms) => (now += ms),
  };
}

export async function readParquet(bytes: Uint8Array): Promise<Record<string, unknown>[]> {
  // utf8: false keeps BYTE_ARRAY columns as bytes; STRING columns are still text.
  return parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, utf8: false });
}

/** Every file under `directory`, by path relative to it, sorted. */
export async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(directory, join(e.parentPath, e.name)))
    .sort();
}

export async function readLocalParquet(path: string): Promise<Record<string, unknown>[]> {
  return readParquet(await readFile(path));
}

import { open, stat } from "node:fs/promises";
import { defineSource, PermanentError, type SourceRecord } from "@freshet/connectors/kit";
import { z } from "zod";

/** Bytes read from the file at a time. */
const CHUNK_BYTES = 64 * 1024;
const decoder = new TextDecoder();

const config = z.strictObject({
  path: z.string().min(1).describe("the file to read, absolute or relative to where the connector runs"),
  pollIntervalMs: z.number().int().min(10).max(1_000).default(500).describe("how long to wait for new lines at the end of the file"),
  maxLineBytes: z
    .number()
    .int()
    .min(1)
    .default(1024 * 1024)
    .describe("a longer line stops the connector"),
});

/** Complete lines from `start`, at most `max` of them, and the byte position after the last one. */
async function readLines(path: string, start: number, max: number, maxLineBytes: number): Promise<{ lines: string[]; next: number }> {
  const file = await open(path, "r");
  try {
    const lines: string[] = [];
    let next = start;
    let pending = new Uint8Array(0);
    while (lines.length < max) {
      const chunk = new Uint8Array(CHUNK_BYTES);
      const { bytesRead } = await file.read(chunk, 0, CHUNK_BYTES, next + pending.length);
      if (bytesRead === 0) break;
      const buffer = new Uint8Array(pending.length + bytesRead);
      buffer.set(pending);
      buffer.set(chunk.subarray(0, bytesRead), pending.length);
      let from = 0;
      for (let at = buffer.indexOf(10); at >= 0 && lines.length < max; at = buffer.indexOf(10, from)) {
        lines.push(decoder.decode(buffer.subarray(from, at)).replace(/\r$/, ""));
        from = at + 1;
      }
      next += from;
      pending = buffer.subarray(from);
      // A line still without its end waits for the next poll, unless it is already too long.
      if (pending.length > maxLineBytes) throw new PermanentError(`${path}: the line at byte ${next} is longer than maxLineBytes (${maxLineBytes})`);
    }
    return { lines, next };
  } finally {
    await file.close();
  }
}

/** Produces each line of a text file as a record, following the file as lines are appended (like tail -f). */
export default defineSource({
  type: "__NAME__",
  kind: "source",
  description: "Reads the lines of a text file, following it as it grows.",
  config,
  async check({ config }) {
    try {
      await (await open(config.path, "r")).close();
      return { ok: true };
    } catch (error) {
      return { ok: false, message: `cannot read ${config.path}: ${(error as Error).message}` };
    }
  },
  async open({ config, position, maxBatch, clock, logger }) {
    // The position is the byte offset after the last line that reached the cluster.
    let next = typeof position === "number" ? position : 0;
    return {
      async poll(signal) {
        const { size } = await stat(config.path);
        if (size < next) {
          logger.warn({ path: config.path, size, position: next }, "the file shrank; reading it again from the start");
          next = 0;
        }
        const read = await readLines(config.path, next, maxBatch, config.maxLineBytes);
        if (read.lines.length === 0) {
          await clock.sleep(config.pollIntervalMs, signal);
          return { records: [] };
        }
        next = read.next;
        const records: SourceRecord[] = read.lines.map((line) => ({ value: line }));
        return { records, position: next };
      },
      async close() {},
    };
  },
});

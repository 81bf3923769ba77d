import { access, appendFile, constants, open } from "node:fs/promises";
import { dirname } from "node:path";
import { defineSink, RecordError, type SinkRecord } from "@freshet/connectors/kit";
import { z } from "zod";

const decoder = new TextDecoder();

const config = z.strictObject({
  path: z.string().min(1).describe("the file to append to, absolute or relative to where the connector runs"),
  format: z.enum(["json", "value"]).default("json").describe("json: one JSON object a record, with its topic, partition, offset and key; value: the value alone"),
});

type Format = z.infer<typeof config>["format"];

const text = (bytes: Uint8Array | null): string | null => (bytes === null ? null : decoder.decode(bytes));

/** One line for `record`, or why it cannot be one. */
function lineOf(record: SinkRecord, format: Format): string | { refused: string } {
  if (format === "json") return JSON.stringify({ topic: record.topic, partition: record.partition, offset: record.offset, key: text(record.key), value: text(record.value) });
  const value = text(record.value);
  if (value === null) return { refused: `the record at ${record.topic}/${record.partition}/${record.offset} has no value to write` };
  if (value.includes("\n")) return { refused: `the value at ${record.topic}/${record.partition}/${record.offset} holds a line break` };
  return value;
}

/** Appends records to a file, one line each, synced to disk before the runtime commits their offsets. */
export default defineSink({
  type: "__NAME__",
  kind: "sink",
  description: "Appends each record to a text file as a line.",
  config,
  async check({ config }) {
    try {
      await access(dirname(config.path), constants.W_OK);
      return { ok: true };
    } catch (error) {
      return { ok: false, message: `cannot write in ${dirname(config.path)}: ${(error as Error).message}` };
    }
  },
  async open({ config }) {
    return {
      async write(records) {
        const lines: string[] = [];
        let refused: { index: number; why: string } | undefined;
        for (const [index, record] of records.entries()) {
          const line = lineOf(record, config.format);
          if (typeof line !== "string") {
            refused = { index, why: line.refused };
            break;
          }
          lines.push(line);
        }
        // The lines before a refused record are written, so the runtime can dead-letter it and go on after it.
        if (lines.length > 0) {
          await appendFile(config.path, `${lines.join("\n")}\n`);
          const file = await open(config.path, "r");
          await file.sync().finally(() => file.close());
        }
        if (refused !== undefined) throw new RecordError(refused.index, refused.why);
      },
      async close() {},
    };
  },
});

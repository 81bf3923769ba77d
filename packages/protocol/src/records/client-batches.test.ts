import { describe, expect, it } from "vitest";
import { COMPRESSION_IDS } from "../compression/codec.js";
import { compressionOf } from "./batch-header.js";
import { decodeRecordBatch } from "./decode-batch.js";
import { splitBatches } from "./split-batches.js";
import { loadClientFixtures, text } from "./test-support/client-fixtures.js";
import { validateProducedBatch } from "./validate-produced-batch.js";

const fixtures = loadClientFixtures();

describe("record sets captured from the real clients", () => {
  it("cover every codec from both clients", () => {
    const seen = new Set(fixtures.map((fixture) => `${fixture.client.split(" ")[0]}/${fixture.compression}`));
    for (const client of ["kcat", "kafkajs"]) {
      for (const codec of Object.keys(COMPRESSION_IDS)) expect(seen).toContain(`${client}/${codec}`);
    }
  });

  describe.each(fixtures.map((fixture) => [fixture.file, fixture] as const))("%s", (_, fixture) => {
    it("decodes to exactly the records the client was given", async () => {
      const decoded = await decodeRecordBatch(fixture.batch);
      if (!decoded.ok) throw new Error(decoded.error.message);
      const { header, records } = decoded.value;
      expect(compressionOf(header.attributes)).toBe(COMPRESSION_IDS[fixture.compression]);
      expect(
        records.map((record) => ({
          key: text(record.key),
          value: text(record.value),
          headers: record.headers.map((header) => ({ key: header.key, value: text(header.value) })),
        })),
      ).toEqual(fixture.records.map(({ key, value, headers }) => ({ key, value, headers })));
      expect(records.map((record) => record.offset)).toEqual(fixture.records.map((_, index) => index));
      for (const record of records) {
        expect(record.timestamp).toBeGreaterThanOrEqual(header.baseTimestamp);
        expect(record.timestamp).toBeLessThanOrEqual(header.maxTimestamp);
      }
      const timestamps = fixture.records.map((record) => record.timestamp);
      if (timestamps.every((timestamp) => timestamp !== undefined)) {
        expect(records.map((record) => record.timestamp)).toEqual(timestamps);
      }
    });

    it("has the header fields kafka.md §4.1 documents for this client", async () => {
      const decoded = await decodeRecordBatch(fixture.batch);
      if (!decoded.ok) throw new Error(decoded.error.message);
      const { header } = decoded.value;
      const kafkajs = fixture.client.startsWith("kafkajs");
      expect(header).toMatchObject({
        baseOffset: 0,
        partitionLeaderEpoch: 0,
        magic: 2,
        lastOffsetDelta: fixture.records.length - 1,
        recordCount: fixture.records.length,
        producerId: -1,
        producerEpoch: kafkajs ? 0 : -1,
        baseSequence: kafkajs ? 0 : -1,
        batchLength: fixture.batch.byteLength - 12,
      });
    });

    it("passes the produce validation", () => {
      const validated = validateProducedBatch(fixture.batch, { maxBatchBytes: 1_048_588 });
      expect(validated.ok ? validated.value.recordCount : validated.error).toBe(fixture.records.length);
    });
  });

  it("split back out of one concatenated record set, dropping a cut last batch", () => {
    const all = Buffer.concat(fixtures.map((fixture) => fixture.batch));
    const whole = splitBatches(all);
    expect(whole.end).toBe("complete");
    expect(whole.batches.map((batch) => Buffer.from(batch).toString("hex"))).toEqual(fixtures.map((fixture) => Buffer.from(fixture.batch).toString("hex")));
    const cut = splitBatches(all.subarray(0, all.byteLength - 5));
    expect(cut.end).toBe("partial");
    expect(cut.batches).toHaveLength(fixtures.length - 1);
  });
});

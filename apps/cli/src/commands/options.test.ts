import { describe, expect, it } from "vitest";
import { UserError } from "../errors/user-error.js";
import { parseOptions } from "../options/zod-options.js";
import { consumeSchema, recordTemplate, startPosition } from "./consume-options.js";
import { lineToRecord, produceSchema } from "./produce-options.js";
import { topicConfigs, topicCreateSchema } from "./topic-options.js";

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error("expected a usage error");
}

describe("topic create options", () => {
  it("maps flags to Kafka topic configs", () => {
    const options = parseOptions(topicCreateSchema, {
      partitions: "3",
      replication: "1",
      retentionTime: "7d",
      retentionBytes: "1GiB",
      segmentSize: "128MiB",
      compression: "zstd",
      durability: "interval",
      flushInterval: "1s",
    });
    expect(options).toMatchObject({ partitions: 3, replication: 1 });
    expect(topicConfigs(options)).toEqual({
      "retention.ms": "604800000",
      "retention.bytes": "1073741824",
      "segment.bytes": "134217728",
      "compression.type": "zstd",
      "freshet.durability": "interval",
      "flush.ms": "1000",
    });
  });

  it("defaults to one partition and sends no configs", () => {
    const options = parseOptions(topicCreateSchema, { partitions: "1", replication: "1" });
    expect(topicConfigs(options)).toEqual({});
  });

  it("keeps data forever with --retention-time forever", () => {
    expect(topicConfigs(parseOptions(topicCreateSchema, { partitions: "1", replication: "1", retentionTime: "forever" }))).toEqual({ "retention.ms": "-1" });
  });

  it.each([
    [{ partitions: "0" }, "invalid --partitions: a topic needs at least 1 partition"],
    [{ partitions: "two" }, "invalid --partitions: must be a whole number"],
    [{ retentionTime: "7" }, 'invalid --retention-time: "7" needs a unit, e.g. 7s or 7d, or "forever"'],
    [{ segmentSize: "4GiB" }, "invalid --segment-size: a segment must be below 2GiB"],
    [{ compression: "brotli" }, "invalid --compression"],
    [{ durability: "batch", flushInterval: "1s" }, "invalid --flush-interval: --flush-interval only applies with --durability interval"],
  ])("refuses %j", (raw, message) => {
    expect(usageError(() => parseOptions(topicCreateSchema, { partitions: "1", replication: "1", ...raw }))).toContain(message);
  });
});

describe("produce options", () => {
  it("reads acks as Kafka numbers", () => {
    expect(parseOptions(produceSchema, { acks: "all" }).acks).toBe(-1);
    expect(parseOptions(produceSchema, { acks: "1" }).acks).toBe(1);
    expect(parseOptions(produceSchema, { acks: "0" }).acks).toBe(0);
    expect(usageError(() => parseOptions(produceSchema, { acks: "2" }))).toContain("invalid --acks");
  });

  it("splits lines at the first separator only", () => {
    expect(lineToRecord("user:login:ok", ":")).toEqual({ key: "user", value: "login:ok" });
    expect(lineToRecord("no separator", ":")).toEqual({ key: null, value: "no separator" });
    expect(lineToRecord("a=>b", "=>")).toEqual({ key: "a", value: "b" });
    expect(lineToRecord("k:v", undefined)).toEqual({ key: null, value: "k:v" });
  });
});

describe("consume options", () => {
  it("turns the start flags into a start position", () => {
    expect(startPosition(parseOptions(consumeSchema, {}))).toEqual({ kind: "end" });
    expect(startPosition(parseOptions(consumeSchema, { fromBeginning: true }))).toEqual({ kind: "beginning" });
    expect(startPosition(parseOptions(consumeSchema, { offset: "42" }))).toEqual({ kind: "offset", offset: 42 });
    expect(startPosition(parseOptions(consumeSchema, { tail: "5" }))).toEqual({ kind: "fromEnd", count: 5 });
  });

  it("parses repeated partitions and picks the line template", () => {
    const options = parseOptions(consumeSchema, { partition: ["0", "2"], keyValue: true });
    expect(options.partition).toEqual([0, 2]);
    expect(recordTemplate(options)).toBe("{{key}}={{value}}");
    expect(recordTemplate(parseOptions(consumeSchema, {}))).toBe("{{value}}");
  });

  it.each([
    [{ fromBeginning: true, tail: "3" }, "choose one of --from-beginning, --offset and --tail"],
    [{ offset: "-1" }, "invalid --offset: must be a whole number"],
    [{ format: "{{key}}", keyValue: true }, "--format and --key-value exclude each other"],
    [{ group: "g", partition: ["1"] }, "with --group the group assigns partitions"],
  ])("refuses %j", (raw, message) => {
    expect(usageError(() => parseOptions(consumeSchema, raw))).toContain(message);
  });
});

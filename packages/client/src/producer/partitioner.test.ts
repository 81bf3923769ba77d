import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PartitionInfo } from "../cluster/metadata-cache.js";
import { murmur2 } from "./murmur2.js";
import { createDefaultPartitioner } from "./partitioner.js";

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

// Vectors generated with the Java client (kafkajs defaultJava/Test.java, Kafka Utils tests, librdkafka rdmurmur2.c).
const JAVA_VECTORS: Record<string, number> = {
  "0": 971027396,
  "1": -1993445489,
  "12": 126087238,
  "123": -267702483,
  "1234": -1614185708,
  "12345": -1188365604,
  "128": -326012175,
  "2187": -1508407203,
  "16384": -325739742,
  "78125": -1654490814,
  "279936": 1462227128,
  "823543": -2014198330,
  "2097152": 607668903,
  "4782969": -1182699775,
  "10000000": -1830336757,
  "19487171": -1603849305,
  "35831808": -857013643,
  "62748517": -1167431028,
  "105413504": -381294639,
  "170859375": -1658323481,
  "100:48069": 1009543857,
  kafka: -798503068,
};

function partitions(count: number, leaderless: number[] = []): PartitionInfo[] {
  return Array.from({ length: count }, (_, partition) => ({
    partition,
    leader: leaderless.includes(partition) ? -1 : 0,
    replicas: [0],
    isr: [0],
    errorCode: 0,
  }));
}

describe("murmur2", () => {
  it("matches the Java client's hashes", () => {
    for (const [key, hash] of Object.entries(JAVA_VECTORS)) expect(murmur2(utf8(key)), key).toBe(hash);
  });

  it("agrees with kafkajs's implementation on arbitrary bytes", () => {
    const require = createRequire(import.meta.url);
    const kafkajsMurmur2 = require("kafkajs/src/producer/partitioners/default/murmur2.js") as (key: Buffer) => number;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(murmur2(bytes)).toBe(kafkajsMurmur2(Buffer.from(bytes)));
      }),
      { numRuns: 500 },
    );
  });
});

describe("default partitioner", () => {
  it("uses an explicit partition as given", () => {
    const partition = createDefaultPartitioner();
    expect(partition({ key: utf8("k"), partition: 2 }, partitions(3))).toBe(2);
  });

  it("hashes keys like the Java client: toPositive(murmur2) % count", () => {
    const partition = createDefaultPartitioner();
    // murmur2("1") = -1993445489; & 0x7fffffff = 154038159; % 5 = 4
    expect(partition({ key: utf8("1") }, partitions(5))).toBe(4);
    // A leaderless partition does not move keyed records.
    expect(partition({ key: utf8("1") }, partitions(5, [4]))).toBe(4);
  });

  it("spreads keyless records round-robin over partitions with a leader", () => {
    const partition = createDefaultPartitioner(0);
    const chosen = Array.from({ length: 6 }, () => partition({ key: null }, partitions(4, [1])));
    expect(chosen).toEqual([0, 2, 3, 0, 2, 3]);
  });
});

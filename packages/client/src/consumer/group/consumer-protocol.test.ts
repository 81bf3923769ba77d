import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { Writer } from "@freshet/protocol/io/writer";
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from "./consumer-protocol.js";
import { assignRange } from "./range-assignor.js";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

describe("ConsumerProtocol", () => {
  it("encodes a v0 subscription byte for byte", () => {
    // version 0 | 1 topic | "ab" | user data of 0 bytes
    expect(hex(encodeSubscription({ topics: ["ab"] }))).toBe("0000" + "00000001" + "0002" + "6162" + "00000000");
  });

  it("encodes a v0 assignment byte for byte", () => {
    const bytes = encodeAssignment({ assignedPartitions: [{ topic: "t", partitions: [0, 2] }] });
    // version 0 | 1 topic | "t" | 2 partitions 0, 2 | user data of 0 bytes
    expect(hex(bytes)).toBe("0000" + "00000001" + "0001" + "74" + "00000002" + "00000000" + "00000002" + "00000000");
  });

  it("round-trips subscriptions and assignments", () => {
    const subscription = decodeSubscription(encodeSubscription({ topics: ["a", "b"], userData: new Uint8Array([1, 2]) }));
    expect(subscription).toEqual({ ok: true, value: { topics: ["a", "b"], userData: new Uint8Array([1, 2]), ownedPartitions: [] } });
    const assignment = decodeAssignment(encodeAssignment({ assignedPartitions: [{ topic: "a", partitions: [3] }] }));
    expect(assignment).toEqual({ ok: true, value: { assignedPartitions: [{ topic: "a", partitions: [3] }], userData: new Uint8Array(0) } });
  });

  it("reads a v3 subscription as the Java client writes it, and ignores fields of unknown later versions", () => {
    const v3 = new Writer()
      .int16(3)
      .int32(1)
      .int16(1)
      .bytes(new TextEncoder().encode("t"))
      .int32(-1)
      .int32(1)
      .int16(1)
      .bytes(new TextEncoder().encode("t"))
      .int32(1)
      .int32(5)
      .int32(7)
      .int16(-1)
      .toBytes();
    expect(decodeSubscription(v3)).toEqual({ ok: true, value: { topics: ["t"], userData: null, ownedPartitions: [{ topic: "t", partitions: [5] }] } });
    const future = new Writer().int16(9).int32(0).int32(-1).int32(0).int32(0).int16(-1).int32(42).toBytes();
    expect(decodeSubscription(future)).toMatchObject({ ok: true, value: { topics: [] } });
  });

  it("interoperates with kafkajs's AssignerProtocol", () => {
    const require = createRequire(import.meta.url);
    const { AssignerProtocol } = require("kafkajs") as {
      AssignerProtocol: {
        MemberMetadata: { decode(b: Buffer): { topics: string[] }; encode(m: object): Buffer };
        MemberAssignment: { decode(b: Buffer): { assignment: Record<string, number[]> }; encode(m: object): Buffer };
      };
    };
    expect(AssignerProtocol.MemberMetadata.decode(Buffer.from(encodeSubscription({ topics: ["x", "y"] }))).topics).toEqual(["x", "y"]);
    const ours = encodeAssignment({ assignedPartitions: [{ topic: "x", partitions: [1, 4] }] });
    expect(AssignerProtocol.MemberAssignment.decode(Buffer.from(ours)).assignment).toEqual({ x: [1, 4] });
    const theirs = AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: { y: [2] }, userData: Buffer.alloc(0) });
    expect(decodeAssignment(theirs)).toMatchObject({ ok: true, value: { assignedPartitions: [{ topic: "y", partitions: [2] }] } });
  });

  it("treats empty assignment bytes as no partitions and rejects garbage", () => {
    expect(decodeAssignment(new Uint8Array(0))).toEqual({ ok: true, value: { assignedPartitions: [], userData: null } });
    expect(decodeAssignment(new Uint8Array([0, 0, 0x7f, 0xff, 0xff, 0xff])).ok).toBe(false);
    expect(decodeSubscription(new Uint8Array([0xff, 0xff])).ok).toBe(false);
  });
});

describe("range assignor", () => {
  it("gives contiguous ranges with the extra partitions to the first members", () => {
    const assignment = assignRange(
      [
        { memberId: "m2", topics: ["t"] },
        { memberId: "m1", topics: ["t"] },
        { memberId: "m3", topics: ["t"] },
      ],
      new Map([["t", 7]]),
    );
    expect(assignment.get("m1")).toEqual([{ topic: "t", partitions: [0, 1, 2] }]);
    expect(assignment.get("m2")).toEqual([{ topic: "t", partitions: [3, 4] }]);
    expect(assignment.get("m3")).toEqual([{ topic: "t", partitions: [5, 6] }]);
  });

  it("only assigns topics to their subscribers and leaves surplus members empty", () => {
    const assignment = assignRange(
      [
        { memberId: "a", topics: ["x", "y"] },
        { memberId: "b", topics: ["y"] },
      ],
      new Map([
        ["x", 1],
        ["y", 1],
      ]),
    );
    expect(assignment.get("a")).toEqual([
      { topic: "x", partitions: [0] },
      { topic: "y", partitions: [0] },
    ]);
    expect(assignment.get("b")).toEqual([]);
  });
});

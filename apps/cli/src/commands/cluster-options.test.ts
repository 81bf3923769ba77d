import { describe, expect, it } from "vitest";
import { UserError } from "../errors/user-error.js";
import { parseOptions } from "../options/zod-options.js";
import { clusterPorts, clusterStartSchema, parseSpuId, partitionListSchema, spuAddSchema, spuStartSchema } from "./cluster-options.js";
import { topicCreateSchema } from "./topic-options.js";

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

describe("cluster start options", () => {
  it("reads --spus, ports and the host", () => {
    expect(parseOptions(clusterStartSchema, { local: true, spus: "3", port: "7000", scPort: "7100" })).toEqual({
      local: true,
      spus: 3,
      port: 7000,
      scPort: 7100,
      host: "127.0.0.1",
    });
    expect(parseOptions(clusterStartSchema, { local: true }).spus).toBeUndefined();
  });

  it.each([
    [{ spus: "0" }, "invalid --spus: a cluster needs at least 1 SPU"],
    [{ spus: "three" }, "invalid --spus: must be a whole number"],
    [{ spus: "65" }, "invalid --spus: at most 64 SPUs run on one machine"],
    [{ port: "70000" }, "invalid --port: a port is at most 65535"],
    [{ scPort: "9003" }, "invalid --sc-port: --sc-port only applies with --spus"],
    [{ spus: "3", port: "65534" }, "invalid --port: the SPUs' ports (--port and the ones after it) must stay below 65536"],
  ])("refuses %j", (raw, message) => {
    expect(usageError(() => parseOptions(clusterStartSchema, { local: true, ...raw }))).toBe(message);
  });

  it("prefers the default ports, insists on given ones, and takes free ones everywhere with --port 0", () => {
    expect(clusterPorts(parseOptions(clusterStartSchema, { spus: "3" }))).toEqual({
      spuPort: { kind: "preferred", port: 9092 },
      scPort: { kind: "preferred", port: 9003 },
    });
    expect(clusterPorts(parseOptions(clusterStartSchema, { spus: "3", port: "7000", scPort: "7100" }))).toEqual({
      spuPort: { kind: "explicit", port: 7000, flag: "--port" },
      scPort: { kind: "explicit", port: 7100, flag: "--sc-port" },
    });
    expect(clusterPorts(parseOptions(clusterStartSchema, { spus: "3", port: "0" }))).toEqual({
      spuPort: { kind: "explicit", port: 0, flag: "--port" },
      scPort: { kind: "any" },
    });
  });
});

describe("spu and partition options", () => {
  it("reads SPU ids as whole numbers", () => {
    expect(parseSpuId("0")).toBe(0);
    expect(parseSpuId("12")).toBe(12);
    expect(usageError(() => parseSpuId("-1"))).toBe('invalid SPU id "-1": must be a whole number from 0 to 2147483647');
    expect(usageError(() => parseSpuId("1.5"))).toBe('invalid SPU id "1.5": must be a whole number from 0 to 2147483647');
    expect(usageError(() => parseSpuId("4294967296"))).toBe('invalid SPU id "4294967296": must be a whole number from 0 to 2147483647');
  });

  it("reads spu start, spu add and partition list flags", () => {
    expect(parseOptions(spuStartSchema, { empty: true })).toEqual({ empty: true });
    expect(parseOptions(spuAddSchema, { port: "0" })).toEqual({ port: 0 });
    expect(usageError(() => parseOptions(spuAddSchema, { port: "x" }))).toBe("invalid --port: must be a whole number");
    expect(parseOptions(partitionListSchema, { topic: "events" })).toEqual({ topic: "events" });
    expect(usageError(() => parseOptions(partitionListSchema, { topic: "" }))).toBe("invalid --topic: the topic name cannot be empty");
  });

  it("leaves the replication factor to the cluster unless --replication is given", () => {
    expect(parseOptions(topicCreateSchema, { partitions: "1" }).replication).toBeUndefined();
    expect(parseOptions(topicCreateSchema, { partitions: "1", replication: "3" }).replication).toBe(3);
    expect(usageError(() => parseOptions(topicCreateSchema, { partitions: "1", replication: "0" }))).toBe("invalid --replication: replication must be at least 1");
  });
});

import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kcat } from "./support/kcat.js";
import { eventually, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

let spu: SpuProcess;
let broker: string[];

beforeAll(async () => {
  spu = await startSpu({ args: ["--num-partitions", "1"] });
  broker = ["-b", spu.bootstrap];
});

afterAll(async () => {
  expect(await spu.stop()).toBe(0);
  await removeDataDir(spu.dataDir);
});

const lines = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}-${"y".repeat(200)}`);

describe("kcat 1.7 (librdkafka 2.0) against the broker process", () => {
  it("lists the broker and topics", async () => {
    await kcat([...broker, "-P", "-t", "meta"], "one\n");
    const listed = await kcat([...broker, "-L"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`broker 0 at 127.0.0.1:${spu.port}`);
    expect(listed.stdout).toMatch(/topic "meta" with 1 partitions/);
  });

  it.each(["none", "gzip", "snappy", "lz4", "zstd"])("produces with -z %s and consumes it back with CRC checks", async (codec) => {
    const topic = `kcat-${codec}`;
    const input = lines(codec, 20);
    const produced = await kcat([...broker, "-P", "-t", topic, "-z", codec, "-K", ":", "-X", "acks=all"], input.map((l, i) => `key${i}:${l}`).join("\n") + "\n");
    expect(produced.code, produced.stderr).toBe(0);
    expect(produced.stderr).not.toMatch(/does not support compression/);
    const consumed = await kcat([...broker, "-C", "-t", topic, "-o", "beginning", "-e", "-X", "check.crcs=true", "-f", "%o %k %s\n"]);
    expect(consumed.code, consumed.stderr).toBe(0);
    expect(consumed.stdout.trim().split("\n")).toEqual(input.map((l, i) => `${i} key${i} ${l}`));
  });

  it("stores batches with the topic's compression.type whatever the producer sent", async () => {
    const topic = "recompressed";
    const admin = new Kafka({ clientId: "setup", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: "compression.type", value: "zstd" }] }] });
    await admin.disconnect();
    const input = lines("z", 30);
    const produced = await kcat([...broker, "-P", "-t", topic, "-z", "gzip", "-X", "enable.idempotence=true"], input.join("\n") + "\n");
    expect(produced.code, produced.stderr).toBe(0);
    const consumed = await kcat([...broker, "-C", "-t", topic, "-o", "beginning", "-e", "-X", "check.crcs=true", "-f", "%s\n"]);
    expect(consumed.stdout.trim().split("\n")).toEqual(input);
    const dir = join(spu.dataDir, "topics", `${topic}-0`);
    const segment = await readFile(
      join(
        dir,
        (await readdir(dir)).find((f) => f.endsWith(".log"))!,
      ),
    );
    const ZSTD = 4;
    expect(segment.readInt16BE(21) & 0x07).toBe(ZSTD);
  });

  it("produces idempotently and with acks=0, and seeks by offset, from the end and by time", async () => {
    const topic = "kcat-seek";
    const first = await kcat([...broker, "-P", "-t", topic, "-X", "enable.idempotence=true"], lines("a", 5).join("\n") + "\n");
    expect(first.code, first.stderr).toBe(0);
    const splitAt = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    const second = await kcat([...broker, "-P", "-t", topic, "-X", "acks=0"], lines("b", 5).join("\n") + "\n");
    expect(second.code, second.stderr).toBe(0);
    const all = await eventually("ten records", async () => {
      const r = await kcat([...broker, "-C", "-t", topic, "-o", "beginning", "-e", "-f", "%o\n"]);
      return r.stdout.trim().split("\n").length === 10 ? r : undefined;
    });
    expect(all.stdout.trim().split("\n")).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
    const fromSeven = await kcat([...broker, "-C", "-t", topic, "-o", "7", "-e", "-f", "%o\n"]);
    expect(fromSeven.stdout.trim().split("\n")).toEqual(["7", "8", "9"]);
    const lastTwo = await kcat([...broker, "-C", "-t", topic, "-o", "-2", "-e", "-f", "%o\n"]);
    expect(lastTwo.stdout.trim().split("\n")).toEqual(["8", "9"]);
    const byTime = await kcat([...broker, "-C", "-t", topic, "-o", `s@${splitAt}`, "-e", "-f", "%s\n"]);
    expect(byTime.stdout.trim().split("\n")[0]).toBe(lines("b", 1)[0]);
    const query = await kcat([...broker, "-Q", "-t", `${topic}:0:${splitAt}`]);
    expect(query.stdout).toMatch(/offset 5/);
  });

  it("balances a two-member kcat group and hands everything to the survivor", async () => {
    const topic = "kcat-group";
    const admin = new Kafka({ clientId: "setup", brokers: [spu.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    await admin.disconnect();
    const member = (name: string) => {
      const child = spawn(
        "kcat",
        [...broker, "-u", "-G", "kcat-g", topic, "-X", "auto.offset.reset=earliest", "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=300", "-f", `${name} %p %s\n`],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      let out = "";
      child.stdout.on("data", (c: Buffer) => (out += c.toString()));
      return {
        child,
        out: () => out,
        stop: () =>
          new Promise((r) => {
            child.once("close", r);
            child.kill("SIGTERM");
          }),
      };
    };
    const m1 = member("m1");
    const m2 = member("m2");
    // Keep producing one record per partition per round until some round's two
    // records went to different members: both then own exactly one partition.
    const owners = (round: string) => {
      const owner = (m: typeof m1, name: string) => [...m.out().matchAll(new RegExp(`^${name} (\\d) ${round}$`, "gm"))].map((x) => x[1]);
      return { m1: owner(m1, "m1"), m2: owner(m2, "m2") };
    };
    let round = 0;
    await eventually(
      "each member to own one partition",
      async () => {
        round += 1;
        for (const p of [0, 1]) await kcat([...broker, "-P", "-t", topic, "-p", String(p)], `r${round}\n`);
        for (let k = 1; k <= round; k++) {
          const o = owners(`r${k}`);
          if (o.m1.length === 1 && o.m2.length === 1 && o.m1[0] !== o.m2[0]) return true;
        }
        return undefined;
      },
      45_000,
    );
    await m1.stop();
    for (const p of [0, 1]) await kcat([...broker, "-P", "-t", topic, "-p", String(p)], `handover-${p}\n`);
    await eventually("m2 to receive both partitions after the handover", () => (m2.out().includes("m2 0 handover-0") && m2.out().includes("m2 1 handover-1") ? true : undefined), 45_000);
    await m2.stop();
  });
});

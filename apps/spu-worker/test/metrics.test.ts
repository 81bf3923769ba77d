import { readFile, truncate } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, describe, expect, it } from "vitest";
import { partitionDir, storedBatches } from "./cluster/partition-files.js";
import { startPrometheus, type PrometheusServer } from "./support/prometheus.js";
import { eventually, makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

/**
 * The /metrics endpoint of --metrics-port on the SC and on an SPU, read over HTTP and by
 * the real Prometheus server: a closed segment damaged while its SPU was stopped shows up
 * as one damaged range of its partition.
 */
const running: SpuProcess[] = [];
const scratch: string[] = [];
const prometheusServers: PrometheusServer[] = [];

afterAll(async () => {
  for (const server of prometheusServers) await server.stop();
  for (const member of running) await member.kill();
  for (const dir of [...running.map((member) => member.dataDir), ...scratch]) await removeDataDir(dir);
});

async function started(options: { dataDir?: string; args: string[] }): Promise<SpuProcess> {
  const member = await startSpu(options);
  running.push(member);
  return member;
}

/** The metrics address the process recorded in its runtime file. */
async function metricsAddress(member: SpuProcess): Promise<string> {
  const info = JSON.parse(await readFile(join(member.dataDir, "spu.json"), "utf8")) as { metricsPort?: number };
  if (info.metricsPort === undefined) throw new Error(`no metricsPort in ${member.dataDir}/spu.json`);
  return `127.0.0.1:${info.metricsPort}`;
}

async function scrape(address: string): Promise<{ contentType: string | null; text: string }> {
  const response = await fetch(`http://${address}/metrics`);
  expect(response.status).toBe(200);
  return { contentType: response.headers.get("content-type"), text: await response.text() };
}

function samples(text: string, name: string): string[] {
  return text.split("\n").filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

/** Topics of 1 KiB segments, so the first segments are closed and fully checked on start. */
async function fill(spu: SpuProcess, topics: readonly string[], records: number): Promise<void> {
  const kafka = new Kafka({ brokers: [spu.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: "segment.bytes", value: "1024" }] })) });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (const topic of topics) for (let index = 0; index < records; index++) await producer.send({ topic, acks: -1, messages: [{ value: `${topic}-${index}-${"x".repeat(100)}` }] });
  await producer.disconnect();
}

describe("the /metrics endpoint", () => {
  it("serves the SC's process metrics and an SPU's damaged closed segment, once and labelled with its partition, to HTTP and to Prometheus", async () => {
    const secretDir = await makeDataDir();
    scratch.push(secretDir);
    const secret = join(secretDir, "controller.secret");
    const sc = await started({ args: ["--role", "sc", "--controller-secret", secret, "--metrics-port", "0"] });
    const spuArgs = ["--role", "spu", "--sc", sc.bootstrap, "--controller-secret", secret, "--node-id", "1", "--metrics-port", "0"];
    const first = await started({ args: spuArgs });
    await fill(first, ["rotten", "intact"], 30);

    const segment = join(partitionDir(first.dataDir, "rotten", 0), `${"0".padStart(20, "0")}.log`);
    const batches = await storedBatches(segment);
    expect(await first.stop()).toBe(0);
    await truncate(segment, batches[2]!.position + 30);
    const spu = await started({ dataDir: first.dataDir, args: spuArgs });

    const spuMetrics = await metricsAddress(spu);
    // The replicas open once the controller's state reaches the restarted SPU.
    const { contentType, text } = await eventually(
      "the SPU to lead both partitions again",
      async () => {
        const scraped = await scrape(spuMetrics);
        return samples(scraped.text, "freshet_log_size_bytes").filter((line) => /topic="(rotten|intact)"/.test(line)).length === 2 ? scraped : undefined;
      },
      30_000,
    );
    expect(contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
    const rottenOrIntact = (name: string) =>
      samples(text, name)
        .filter((line) => /topic="(rotten|intact)"/.test(line))
        .sort();
    expect(rottenOrIntact("freshet_log_damaged_ranges")).toEqual(['freshet_log_damaged_ranges{topic="intact",partition="0"} 0', 'freshet_log_damaged_ranges{topic="rotten",partition="0"} 1']);
    // The cut batch's 30 remaining bytes; its offsets up to the next segment's base.
    expect(rottenOrIntact("freshet_log_damaged_bytes")).toEqual(['freshet_log_damaged_bytes{topic="intact",partition="0"} 0', 'freshet_log_damaged_bytes{topic="rotten",partition="0"} 30']);
    const nextSegmentBase = batches.at(-1)!.lastOffset + 1;
    expect(rottenOrIntact("freshet_log_damaged_offsets")).toEqual([
      'freshet_log_damaged_offsets{topic="intact",partition="0"} 0',
      `freshet_log_damaged_offsets{topic="rotten",partition="0"} ${nextSegmentBase - batches[2]!.baseOffset}`,
    ]);
    expect(Number(samples(text, "freshet_partitions_led")[0]?.split(" ")[1])).toBeGreaterThanOrEqual(2);
    expect(samples(text, "process_cpu_seconds_total")).toHaveLength(1);
    expect(
      spu
        .output()
        .split("\n")
        .filter((line) => line.includes('"msg":"damaged log range')).length,
    ).toBe(1);

    const scMetrics = await metricsAddress(sc);
    const scScrape = await scrape(scMetrics);
    expect(samples(scScrape.text, "process_resident_memory_bytes")).toHaveLength(1);
    expect(scScrape.text).not.toContain("freshet_log_");
    expect((await fetch(`http://${scMetrics}/other`)).status).toBe(404);

    const server = await startPrometheus([
      { address: spuMetrics, labels: { role: "spu" } },
      { address: scMetrics, labels: { role: "sc" } },
    ]);
    prometheusServers.push(server);
    const damaged = await eventually(
      "prometheus to scrape the SPU",
      async () => {
        const result = await server.query('freshet_log_damaged_ranges{topic="rotten"}');
        return result.length > 0 ? result : undefined;
      },
      30_000,
    );
    expect(damaged).toEqual([{ metric: expect.objectContaining({ __name__: "freshet_log_damaged_ranges", topic: "rotten", partition: "0", role: "spu", job: "freshet" }), value: 1 }]);
    expect(await server.query('freshet_log_damaged_bytes{topic="rotten"}')).toEqual([expect.objectContaining({ value: 30 })]);
    expect(await server.query("sum(freshet_log_damaged_ranges)")).toEqual([expect.objectContaining({ value: 1 })]);
    const scUp = await eventually(
      "prometheus to scrape the SC",
      async () => {
        const result = await server.query('up{role="sc"}');
        return result.length > 0 ? result : undefined;
      },
      30_000,
    );
    expect(scUp).toEqual([expect.objectContaining({ value: 1 })]);
    const scMemory = await server.query('process_resident_memory_bytes{role="sc"}');
    expect(scMemory).toHaveLength(1);
    expect(scMemory[0]!.value).toBeGreaterThan(0);
  });

  it("counts the bytes and records clients produce and consume on a partition, per process incarnation, and gives Prometheus a group's lag and the request latency histogram", async () => {
    const spu = await started({ args: ["--metrics-port", "0"] });
    const kafka = new Kafka({ brokers: [spu.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: "metered", numPartitions: 1, replicationFactor: 1 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    // One batch per send; the broker stores each as sent, so the segment holds exactly the bytes produced.
    for (let index = 0; index < 20; index++) await producer.send({ topic: "metered", acks: -1, messages: [{ key: `k${index}`, value: "v".repeat(10 * index) }] });
    await producer.disconnect();
    const produced = (await storedBatches(join(partitionDir(spu.dataDir, "metered", 0), `${"0".padStart(20, "0")}.log`))).reduce((total, batch) => total + batch.size, 0);
    expect(produced).toBeGreaterThan(20 * 70);

    const consumer = kafka.consumer({ groupId: "metering" });
    await consumer.connect();
    await consumer.subscribe({ topic: "metered", fromBeginning: true });
    let consumed = 0;
    await consumer.run({ eachMessage: () => Promise.resolve(void (consumed += 1)) });
    await eventually("the consumer to read every record", () => (consumed === 20 ? true : undefined), 30_000);
    await consumer.disconnect();

    const address = await metricsAddress(spu);
    const { text } = await scrape(address);
    const incarnation = /freshet_process_incarnation_info\{incarnation="([^"]+)"\} 1/.exec(text)?.[1];
    expect(incarnation).toMatch(/^[0-9a-f-]{36}$/);
    const metered = (name: string) => samples(text, name).filter((line) => line.includes('topic="metered"'));
    const series = (name: string, value: number) => [`${name}{topic="metered",partition="0",incarnation="${incarnation}"} ${value}`];
    expect(metered("freshet_partition_produced_bytes_total")).toEqual(series("freshet_partition_produced_bytes_total", produced));
    expect(metered("freshet_partition_produced_records_total")).toEqual(series("freshet_partition_produced_records_total", 20));
    expect(metered("freshet_partition_fetched_bytes_total")).toEqual(series("freshet_partition_fetched_bytes_total", produced));
    expect(metered("freshet_partition_fetched_records_total")).toEqual(series("freshet_partition_fetched_records_total", 20));
    expect(metered("freshet_partition_storage_bytes")).toEqual(['freshet_partition_storage_bytes{topic="metered",partition="0"} ' + String(produced)]);

    // Five more records the stopped group has not read: Prometheus itself joins the coordinator's committed
    // offset to the leader's high watermark into the group's lag, and reads the request latency histogram.
    const late = kafka.producer();
    await late.connect();
    await late.send({ topic: "metered", acks: -1, messages: ["a", "b", "c", "d", "e"].map((value) => ({ value })) });
    await late.disconnect();
    const server = await startPrometheus([{ address, labels: { role: "spu" } }]);
    prometheusServers.push(server);
    const lagQuery = 'max by (topic, partition) (freshet_partition_high_watermark{topic="metered"}) - on (topic, partition) group_right freshet_consumer_group_committed_offset{group="metering"}';
    const lag = await eventually(
      "prometheus to scrape the SPU's group offsets",
      async () => {
        const result = await server.query(lagQuery);
        return result.length > 0 ? result : undefined;
      },
      30_000,
    );
    expect(lag).toEqual([{ metric: expect.objectContaining({ group: "metering", topic: "metered", partition: "0" }), value: 5 }]);
    const produceRequests = await server.query('freshet_request_duration_seconds_count{api="Produce"}');
    expect(produceRequests).toEqual([expect.objectContaining({ value: 21 })]);
    const produceUnderOneSecond = await server.query('freshet_request_duration_seconds_bucket{api="Produce",le="1"}');
    expect(produceUnderOneSecond).toEqual([expect.objectContaining({ value: 21 })]);

    // A restart is a new incarnation whose counters start again from zero: a collector adds, never subtracts.
    expect(await spu.stop()).toBe(0);
    const again = await started({ dataDir: spu.dataDir, args: ["--metrics-port", "0"] });
    const restarted = await eventually(
      "the restarted SPU to lead the partition",
      async () => {
        const scraped = await scrape(await metricsAddress(again));
        return samples(scraped.text, "freshet_partition_produced_bytes_total").some((line) => line.includes('topic="metered"')) ? scraped.text : undefined;
      },
      30_000,
    );
    const next = /freshet_process_incarnation_info\{incarnation="([^"]+)"\} 1/.exec(restarted)?.[1];
    expect(next).toMatch(/^[0-9a-f-]{36}$/);
    expect(next).not.toBe(incarnation);
    expect(samples(restarted, "freshet_partition_produced_bytes_total").filter((line) => line.includes('topic="metered"'))).toEqual([
      `freshet_partition_produced_bytes_total{topic="metered",partition="0",incarnation="${next}"} 0`,
    ]);
  });

  it("stops with exit code 2 and a message when its port is taken", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const { port } = holder.address() as { port: number };
    const dataDir = await makeDataDir();
    scratch.push(dataDir);
    try {
      await expect(startSpu({ dataDir, args: ["--metrics-port", String(port)] })).rejects.toThrow(new RegExp(`exited with 2[\\s\\S]*cannot serve metrics on 127.0.0.1:${port}: listen EADDRINUSE`));
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});

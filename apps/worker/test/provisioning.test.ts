import { existsSync } from "node:fs";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterSpec, ProvisionedCluster, Provisioner } from "../src/drivers/provisioner.js";
import { ENGINE_ENTRY, isAlive, readRuntimeFile, type ProcessIdentity } from "@freshet/spu-worker/launch";
import { spawnMember } from "../src/drivers/local/member-process.js";
import { ProvisioningWorker } from "../src/provisioning-worker.js";
import { CONTROL_PLANE_SECRET, createFixture, listedBrokers, REDIS_URL, tenantKafka, type Fixture } from "./support/fixture.js";

/** The port in the runtime file of `identity`'s process, once that process wrote it. */
async function listeningPort(dataDir: string, identity: ProcessIdentity): Promise<number | null> {
  const read = await readRuntimeFile(dataDir);
  return read.ok && read.info.pid === identity.pid ? read.info.port : null;
}

const REFUSED = /SASL SCRAM SHA256 authentication failed/;

/** The real driver, except that clusters named in `faultOnce` fail their next provision right after it did its work. */
function withInjectedFault(inner: Provisioner, faultOnce: Set<string>, calls: Map<string, ProvisionedCluster[]>): Provisioner {
  return {
    async provision(spec: ClusterSpec, signal?: AbortSignal) {
      const result = await inner.provision(spec, signal);
      calls.set(spec.clusterId, [...(calls.get(spec.clusterId) ?? []), result]);
      if (faultOnce.delete(spec.clusterId)) throw new Error("injected fault");
      return result;
    },
    writeCredentials: (clusterId, credentials) => inner.writeCredentials(clusterId, credentials),
    stop: (clusterId) => inner.stop(clusterId),
    remove: (clusterId) => inner.remove(clusterId),
    clusterIds: () => inner.clusterIds(),
  };
}

describe("provisioning worker (in process, real Redis, Postgres and engine processes)", () => {
  let fx: Fixture;
  let worker: ProvisioningWorker | null = null;
  const faultOnce = new Set<string>();
  const calls = new Map<string, ProvisionedCluster[]>();

  const startWorker = () =>
    ProvisioningWorker.start({
      redisUrl: REDIS_URL,
      queueName: fx.queueName,
      prisma: fx.prisma,
      provisioner: withInjectedFault(fx.driver, faultOnce, calls),
      connectorHost: fx.driver.connectors,
      dataflowHost: fx.driver.dataflows,
      controlPlaneSecret: CONTROL_PLANE_SECRET,
      logger: pino({ level: "silent" }),
    });

  beforeAll(async () => {
    fx = await createFixture();
    worker = await startWorker();
  });

  afterAll(async () => {
    await worker?.close();
    await fx?.close();
  });

  async function bootstrapOf(clusterId: string): Promise<string> {
    const row = await fx.prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    return `${row.bootstrapHost}:${row.bootstrapPort}`;
  }

  let clusterA: string;
  let clusterB: string;

  it("provisions to Running; a user credential produces and consumes with kafkajs; wrong and other clusters' credentials are refused", async () => {
    clusterA = await fx.createCluster(2);
    clusterB = await fx.createCluster(1);
    await fx.addCredential(clusterA, "alice", "alice-password");
    await fx.addCredential(clusterB, "bob", "bob-password");
    const enqueued = Date.now();
    await fx.queue.enqueue("provision-cluster", { clusterId: clusterA });
    await fx.queue.enqueue("provision-cluster", { clusterId: clusterA });
    await fx.queue.enqueue("provision-cluster", { clusterId: clusterB });
    await fx.waitForStatus(clusterA, "Running");
    const toRunningMs = Date.now() - enqueued;
    await fx.waitForStatus(clusterB, "Running");
    console.log(`enqueue → Running (SC + 2 SPUs): ${toRunningMs} ms`);

    const row = await fx.prisma.cluster.findUniqueOrThrow({ where: { id: clusterA } });
    expect(row).toMatchObject({ status: "Running", statusMessage: null, bootstrapHost: "127.0.0.1", dataDir: fx.driver.layout(clusterA).root });
    expect(row.scPort).toBeGreaterThan(0);
    expect(calls.get(clusterA)).toHaveLength(1);
    expect((await fx.driver.processes(clusterA)).length).toBe(3);

    const bootstrap = await bootstrapOf(clusterA);
    const kafka = tenantKafka(bootstrap, "alice", "alice-password");
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "greetings", numPartitions: 1, replicationFactor: 2 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: "greetings",
      acks: -1,
      messages: [
        { key: "k1", value: "hello" },
        { key: "k2", value: "world" },
      ],
    });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: "readers" });
    await consumer.connect();
    await consumer.subscribe({ topic: "greetings", fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(`${message.key?.toString()}=${message.value?.toString()}`) });
    await expect.poll(() => seen, { timeout: 15_000 }).toEqual(["k1=hello", "k2=world"]);
    await consumer.disconnect();

    await expect(listedBrokers(bootstrap, "alice", "not-her-password")).rejects.toThrow(REFUSED);
    await expect(listedBrokers(bootstrap, "bob", "bob-password")).rejects.toThrow(REFUSED);
    expect(await listedBrokers(await bootstrapOf(clusterB), "bob", "bob-password")).toEqual([0]);
  });

  it("sync-cluster-credentials lets a new credential in and a revoked one out, without restarting an SPU", async () => {
    const bootstrap = await bootstrapOf(clusterA);
    const pids = (await fx.driver.processes(clusterA)).map((p) => p.identity.pid).sort();
    const carol = await fx.addCredential(clusterA, "carol", "carol-password");
    await fx.queue.enqueue("sync-cluster-credentials", { clusterId: clusterA });
    await expect.poll(() => listedBrokers(bootstrap, "carol", "carol-password").catch(() => []), { timeout: 10_000 }).toEqual([0, 1]);
    await fx.prisma.clusterCredential.update({ where: { id: carol }, data: { revokedAt: new Date() } });
    await fx.queue.enqueue("sync-cluster-credentials", { clusterId: clusterA });
    await expect
      .poll(
        () =>
          listedBrokers(bootstrap, "carol", "carol-password").then(
            () => "accepted",
            (e: Error) => e.message,
          ),
        { timeout: 10_000 },
      )
      .toMatch(REFUSED);
    expect(await listedBrokers(bootstrap, "alice", "alice-password")).toEqual([0, 1]);
    expect((await fx.driver.processes(clusterA)).map((p) => p.identity.pid).sort()).toEqual(pids);
  });

  it("retries a failed attempt: the second adopts what the first started and reaches Running", async () => {
    const clusterC = await fx.createCluster(1);
    faultOnce.add(clusterC);
    await fx.queue.enqueue("provision-cluster", { clusterId: clusterC });
    await expect.poll(async () => (await fx.prisma.cluster.findUniqueOrThrow({ where: { id: clusterC } })).statusMessage, { timeout: 15_000 }).toBe("retrying after: injected fault");
    await fx.waitForStatus(clusterC, "Running");
    const [first, second] = calls.get(clusterC)!;
    expect(calls.get(clusterC)).toHaveLength(2);
    expect(first!.started).toEqual(["sc", "spu-0"]);
    expect(second!.started).toEqual([]);
    const job = await fx.queue.queue.getJob(`provision-${clusterC}`);
    expect({ state: await job!.getState(), attemptsMade: job!.attemptsMade, attemptsStarted: job!.attemptsStarted }).toEqual({ state: "completed", attemptsMade: 2, attemptsStarted: 2 });
    expect(await fx.driver.processes(clusterC)).toHaveLength(2);
  });

  it("reconciles at start: a dead tenant SPU is restarted on its port, an orphan and a deleted cluster's processes are stopped", async () => {
    await worker!.close();
    await worker!.close();
    worker = null;

    const spu1 = (await fx.driver.processes(clusterA)).find((p) => p.dataDir.endsWith("/spu-1"))!;
    const spu1Port = await listeningPort(spu1.dataDir, spu1.identity);
    expect(spu1Port).toBeGreaterThan(0);
    process.kill(spu1.identity.pid, "SIGKILL");
    await expect.poll(() => isAlive(spu1.identity)).toBe(false);

    // An orphan: a cluster the database never heard of, started straight through a driver.
    const orphanId = "clu_orphanwithoutarow";
    const orphanSc = await spawnMember(ENGINE_ENTRY, fx.driver.layout(orphanId).member("sc"), { role: "sc", controllerSecret: fx.driver.layout(orphanId).controllerSecretFile, port: 0 });
    await expect.poll(async () => (await fx.driver.processes(orphanId)).length).toBe(1);

    // A cluster deleted in the database whose processes are still here.
    await fx.prisma.cluster.update({ where: { id: clusterB }, data: { status: "Deleted", deletedAt: new Date() } });
    const clusterBProcesses = await fx.driver.processes(clusterB);
    expect(clusterBProcesses).toHaveLength(2);

    worker = await startWorker();

    const after = await fx.driver.processes(clusterA);
    expect(after).toHaveLength(3);
    const restarted = after.find((p) => p.dataDir.endsWith("/spu-1"))!;
    expect(restarted.identity.pid).not.toBe(spu1.identity.pid);
    expect(await listeningPort(restarted.dataDir, restarted.identity)).toBe(spu1Port);
    expect(await fx.status(clusterA)).toBe("Running");
    expect(await listedBrokers(await bootstrapOf(clusterA), "alice", "alice-password")).toEqual([0, 1]);

    expect(isAlive(orphanSc)).toBe(false);
    expect(existsSync(fx.driver.layout(orphanId).root)).toBe(true);
    for (const p of clusterBProcesses) expect(isAlive(p.identity)).toBe(false);
    expect(existsSync(fx.driver.layout(clusterB).root)).toBe(false);
  });

  it("deprovision stops the processes, removes the data and marks the cluster Deleted", async () => {
    const processes = await fx.driver.processes(clusterA);
    await fx.prisma.cluster.update({ where: { id: clusterA }, data: { status: "Deleting" } });
    await fx.queue.enqueue("deprovision-cluster", { clusterId: clusterA });
    await fx.waitForStatus(clusterA, "Deleted");
    const row = await fx.prisma.cluster.findUniqueOrThrow({ where: { id: clusterA } });
    expect(row.deletedAt).not.toBeNull();
    expect(row.bootstrapPort).toBeNull();
    for (const p of processes) expect(isAlive(p.identity)).toBe(false);
    expect(await fx.driver.processes(clusterA)).toEqual([]);
    expect(existsSync(fx.driver.layout(clusterA).root)).toBe(false);
  });
});

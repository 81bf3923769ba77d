import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createPrismaClient, type ClusterStatus, type PrismaClient } from "@freshet/db/client";
import { newId } from "@freshet/db/ids";
import { createTestDatabase, type TestDatabase } from "@freshet/db/internal/test-database";
import { scramCredential } from "@freshet/engine/auth/create-credentials";
import { Kafka, logLevel } from "kafkajs";
import { pino } from "pino";
import { LocalDriver } from "../../src/drivers/local/local-driver.js";
import { createProvisioningQueue, type ProvisioningQueue } from "@freshet/control-plane/jobs/provisioning-queue";

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const CONTROL_PLANE_SECRET = "worker-test-control-plane-secret-0123456789";

/** A fresh database with one organization, a data root, a unique queue, and a driver over that root to look with. */
export interface Fixture {
  readonly db: TestDatabase;
  readonly prisma: PrismaClient;
  readonly orgId: string;
  readonly dataRoot: string;
  readonly queueName: string;
  readonly queue: ProvisioningQueue;
  /** For looking at (and cleaning up) the clusters' processes; the worker under test has its own. */
  readonly driver: LocalDriver;
  createCluster(spus: number): Promise<string>;
  addCredential(clusterId: string, username: string, password: string): Promise<string>;
  status(clusterId: string): Promise<ClusterStatus>;
  waitForStatus(clusterId: string, status: ClusterStatus, timeoutMs?: number): Promise<void>;
  /** Stops every process under the data root and removes everything. */
  close(): Promise<void>;
}

export async function createFixture(): Promise<Fixture> {
  const db = await createTestDatabase();
  const prisma = createPrismaClient(db.url);
  const orgId = newId("organization");
  await prisma.organization.create({ data: { id: orgId, name: "Acme", slug: `acme-${randomBytes(4).toString("hex")}`, createdAt: new Date() } });
  const dataRoot = await mkdtemp(join(tmpdir(), "freshet-worker-test-"));
  const queueName = `provisioning-test-${randomBytes(6).toString("hex")}`;
  const queue = createProvisioningQueue(REDIS_URL, queueName);
  const driver = new LocalDriver({ dataRoot, logger: pino({ level: "silent" }) });
  const status = async (clusterId: string) => (await prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } })).status;
  return {
    db,
    prisma,
    orgId,
    dataRoot,
    queueName,
    queue,
    driver,
    async createCluster(spus) {
      const id = newId("cluster");
      await prisma.cluster.create({ data: { id, orgId, name: id, region: "local", plan: "pro", spuCount: spus, partitionsLimit: 100 } });
      return id;
    },
    async addCredential(clusterId, username, password) {
      const id = newId("clusterCredential");
      await prisma.clusterCredential.create({ data: { id, clusterId, username, ...(await scramCredential(password)) } });
      return id;
    },
    status,
    async waitForStatus(clusterId, wanted, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: ClusterStatus | undefined;
      while (Date.now() < deadline) {
        last = await status(clusterId);
        if (last === wanted) return;
        await sleep(50);
      }
      throw new Error(`cluster ${clusterId} is ${last}, not ${wanted}, after ${timeoutMs} ms`);
    },
    async close() {
      for (const clusterId of await driver.clusterIds()) await driver.stop(clusterId);
      const steps = [() => queue.queue.obliterate({ force: true }), () => queue.close(), () => prisma.$disconnect(), () => db.drop(), () => rm(dataRoot, { recursive: true, force: true })];
      for (const step of steps) await step().catch(() => undefined);
    },
  };
}

/** A silent kafkajs client logging in with SCRAM-SHA-256, no retries (a refused login must show at once). */
export function tenantKafka(bootstrap: string, username: string, password: string): Kafka {
  return new Kafka({ clientId: "worker-test", brokers: [bootstrap], logLevel: logLevel.NOTHING, sasl: { mechanism: "scram-sha-256", username, password }, retry: { retries: 0 } });
}

/** Node ids Metadata lists, as `username` sees them (throws when the login is refused). */
export async function listedBrokers(bootstrap: string, username: string, password: string): Promise<number[]> {
  const admin = tenantKafka(bootstrap, username, password).admin();
  await admin.connect();
  try {
    return (await admin.describeCluster()).brokers.map((b) => b.nodeId).sort();
  } finally {
    await admin.disconnect();
  }
}

/** A running one-SPU cluster with user alice and a one-partition topic, provisioned by the worker under test. */
export async function runningClusterWithTopic(fx: Fixture, topic: string): Promise<{ clusterId: string; bootstrap: string }> {
  const clusterId = await fx.createCluster(1);
  await fx.addCredential(clusterId, "alice", "alice-password");
  await fx.queue.enqueue("provision-cluster", { clusterId });
  await fx.waitForStatus(clusterId, "Running");
  const row = await fx.prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
  const bootstrap = `${row.bootstrapHost}:${row.bootstrapPort}`;
  const admin = tenantKafka(bootstrap, "alice", "alice-password").admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  return { clusterId, bootstrap };
}

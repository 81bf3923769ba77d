import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { KubeConfig } from "@kubernetes/client-node";
import { Kafka, logLevel } from "kafkajs";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubernetesDriver } from "../src/drivers/kubernetes/kubernetes-driver.js";
import { ProvisioningWorker } from "../src/provisioning-worker.js";
import { FakeApiServer } from "./support/fake-kube/fake-api-server.js";
import { KubeletShim } from "./support/fake-kube/kubelet-shim.js";
import { CONTROL_PLANE_SECRET, createFixture, listedBrokers, REDIS_URL, type Fixture } from "./support/fixture.js";

const WORKER_ENTRY = resolve(dirname(fileURLToPath(import.meta.url)), "../dist/main.js");

describe("a tenant cluster through the kubernetes driver and the fake API server", () => {
  let fx: Fixture;
  let server: FakeApiServer;
  let shim: KubeletShim;
  let kubeconfig: string;
  let worker: ProvisioningWorker | null = null;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    fx = await createFixture();
    server = await FakeApiServer.start();
    shim = new KubeletShim(server.store, { root: join(fx.dataRoot, "nodes") });
    kubeconfig = await server.writeKubeconfig(fx.dataRoot);
  });

  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await worker?.close();
    await shim?.close();
    await server?.close();
    await fx?.close();
  });

  /** The built worker with PROVISIONER=kubernetes, as its own process; its log goes to `<data root>/worker.log`. */
  function startWorkerProcess(): { child: ChildProcess; exited: Promise<unknown>; log: string } {
    const log = join(fx.dataRoot, "worker.log");
    const fd = openSync(log, "a");
    const child = spawn(process.execPath, [WORKER_ENTRY], {
      stdio: ["ignore", fd, fd],
      env: {
        ...process.env,
        DATABASE_URL: fx.db.url,
        REDIS_URL,
        PROVISIONING_QUEUE: fx.queueName,
        CONTROL_PLANE_SECRET,
        FRESHET_CLOUD_DATA: fx.dataRoot,
        PROVISIONER: "kubernetes",
        KUBECONFIG: kubeconfig,
        KUBE_ENGINE_IMAGE: "freshet/engine:test",
        // A dead worker's job is taken over 2 s after its last lock renewal.
        WORKER_LOCK_MS: "2000",
        WORKER_STALLED_CHECK_MS: "500",
        RECONCILE_INTERVAL_MS: "0",
        METERING_INTERVAL_MS: "0",
        METRICS_INTERVAL_MS: "0",
        ALERTS_INTERVAL_MS: "0",
      },
    });
    closeSync(fd);
    children.add(child);
    const exited = new Promise((done) => child.once("exit", () => (children.delete(child), done(undefined))));
    return { child, exited, log };
  }

  const messages = async (path: string) =>
    (await readFile(path, "utf8").catch(() => ""))
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => (JSON.parse(line) as { msg: string }).msg);

  let clusterId: string;
  let namespace: string;

  it("a worker SIGKILLed mid-provisioning is taken over and converges; kafkajs produces and consumes over SASL", async () => {
    clusterId = await fx.createCluster(2);
    await fx.addCredential(clusterId, "alice", "alice-password");
    namespace = `freshet-${clusterId.replace("_", "-")}`;

    // The first worker dies (SIGKILL) while its request to create the SPUs' StatefulSet hangs.
    const release = server.holdCreates("StatefulSet");
    const first = startWorkerProcess();
    await expect.poll(() => messages(first.log), { timeout: 20_000 }).toContain("worker ready");
    await fx.queue.enqueue("provision-cluster", { clusterId });
    await expect.poll(() => server.store.get("apps/v1", "Deployment", namespace, "sc") !== null, { timeout: 20_000, interval: 10 }).toBe(true);
    first.child.kill("SIGKILL");
    await first.exited;
    release();
    expect(await fx.status(clusterId)).toBe("Provisioning");
    expect(server.store.get("apps/v1", "StatefulSet", namespace, "spu")).toBeNull();

    // The next worker (in this process, so it reaches the pods through the shim) takes the job over.
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfig);
    const driver = new KubernetesDriver({
      kubeConfig,
      namespacePrefix: "freshet-",
      image: "freshet/engine:test",
      resources: { cpu: "500m", memory: "1Gi", storage: "10Gi" },
      controlPlaneNamespace: "freshet",
      clusterDomain: "cluster.local",
      addresses: shim,
      logger: pino({ level: "silent" }),
      startTimeoutMs: 30_000,
      settleTimeoutMs: 30_000,
    });
    worker = await ProvisioningWorker.start({
      redisUrl: REDIS_URL,
      queueName: fx.queueName,
      prisma: fx.prisma,
      provisioner: driver,
      connectorHost: fx.driver.connectors,
      dataflowHost: fx.driver.dataflows,
      controlPlaneSecret: CONTROL_PLANE_SECRET,
      logger: pino({ level: "silent" }),
      lockMs: 2_000,
      stalledCheckMs: 500,
      orphans: "remove",
    });
    await fx.waitForStatus(clusterId, "Running", 30_000);
    const row = await fx.prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    expect(row.dataDir).toBe(`kubernetes:${namespace}`);

    const kafka = new Kafka({
      clientId: "kube-e2e",
      brokers: [`${row.bootstrapHost}:${row.bootstrapPort}`],
      sasl: { mechanism: "scram-sha-256", username: "alice", password: "alice-password" },
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "events", numPartitions: 2, replicationFactor: 2 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: "events", messages: ["one", "two", "three"].map((value) => ({ value })) });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: "kube-e2e" });
    await consumer.connect();
    await consumer.subscribe({ topic: "events", fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await expect.poll(() => seen.length, { timeout: 20_000 }).toBe(3);
    await consumer.disconnect();
    expect(seen.sort()).toEqual(["one", "three", "two"]);
  });

  it("reconcile recreates a Running cluster whose namespace is gone and removes namespaces no cluster row owns", async () => {
    // Someone deleted the tenant's namespace; a namespace of a cluster the database never had appeared;
    // and a namespace that is not the driver's (no labels) must be left alone.
    server.store.delete("v1", "Namespace", undefined, namespace);
    await expect.poll(() => server.store.get("v1", "Namespace", undefined, namespace)).toBeNull();
    // Its pods stopped and its volumes went with it, as the namespace controller and kubelet see to.
    await shim.settled();
    expect([...shim.runningPods().keys()].filter((key) => key.startsWith(`${namespace}/`))).toEqual([]);
    const labels = { "app.kubernetes.io/managed-by": "freshet", "freshet.dev/cluster-id": "clu_orphan" };
    server.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "freshet-clu-orphan", labels } });
    server.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "freshet-hand-made" } });

    const report = await worker!.reconcile();
    expect(report).toMatchObject({ checked: [clusterId], failed: [], orphans: ["clu_orphan"] });
    expect(server.store.get("v1", "Namespace", undefined, namespace)).not.toBeNull();
    const row = await fx.prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    expect(await listedBrokers(`${row.bootstrapHost}:${row.bootstrapPort}`, "alice", "alice-password")).toEqual([0, 1]);
    expect(server.store.get("v1", "Namespace", undefined, "freshet-clu-orphan")).toBeNull();
    expect(server.store.get("v1", "Namespace", undefined, "freshet-hand-made")).not.toBeNull();
  });

  it("deprovisioning deletes the namespace with everything in it", async () => {
    await fx.prisma.cluster.update({ where: { id: clusterId }, data: { status: "Deleting" } });
    await fx.queue.enqueue("deprovision-cluster", { clusterId });
    await fx.waitForStatus(clusterId, "Deleted", 30_000);
    expect(server.store.get("v1", "Namespace", undefined, namespace)).toBeNull();
    expect(server.store.list("v1", "Secret", namespace, null)).toEqual([]);
    await shim.settled();
    expect(shim.runningPods().size).toBe(0);
  });
});

import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { KubeConfig } from "@kubernetes/client-node";
import { CONTROL_PLANE_USERNAME, controlPlanePassword } from "@freshet/control-plane/control-plane-login";
import { scramCredential } from "@freshet/engine/auth/create-credentials";
import { Kafka, logLevel } from "kafkajs";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCredentialsFile } from "../src/credentials/credentials-file.js";
import { KubernetesDriver } from "../src/drivers/kubernetes/kubernetes-driver.js";
import type { ClusterSpec } from "../src/drivers/provisioner.js";
import { FakeApiServer } from "./support/fake-kube/fake-api-server.js";
import { KubeletShim } from "./support/fake-kube/kubelet-shim.js";

const CHILD = fileURLToPath(new URL("./support/fake-kube/provision-child.ts", import.meta.url));
const WORKSPACE = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const SECRET = "kube-e2e-secret-kube-e2e-secret-kube-e2e";
const CLUSTER = "clu_kubee2e";

describe("a tenant cluster through the kubernetes driver and the fake API server", () => {
  let root: string;
  let server: FakeApiServer;
  let shim: KubeletShim;
  let kubeconfig: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "freshet-kube-e2e-"));
    server = await FakeApiServer.start();
    shim = new KubeletShim(server.store, { root: join(root, "nodes") });
    kubeconfig = await server.writeKubeconfig(root);
  });

  afterAll(async () => {
    await shim?.close();
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("converges after the provisioning process is killed half-way, serves kafkajs over SASL, and is deleted with its namespace", async () => {
    const spec: ClusterSpec = {
      clusterId: CLUSTER,
      spus: 2,
      maxPartitions: 4,
      credentials: await buildCredentialsFile(SECRET, CLUSTER, [{ username: "alice", ...(await scramCredential("alice-pw")) }]),
      login: { mechanism: "scram-sha-256", username: CONTROL_PLANE_USERNAME, password: controlPlanePassword(SECRET, CLUSTER) },
    };
    const specFile = join(root, "spec.json");
    await writeFile(specFile, JSON.stringify(spec));

    // The first provisioning runs in its own process and dies (SIGKILL) while creating the StatefulSet.
    const release = server.holdCreates("StatefulSet");
    const child = spawn(process.execPath, ["--conditions=@freshet/source", "--import", "tsx", CHILD, kubeconfig, specFile], { cwd: WORKSPACE, stdio: "ignore" });
    const exited = new Promise((done) => child.once("exit", done));
    await expect.poll(() => server.store.get("apps/v1", "Deployment", "freshet-clu-kubee2e", "sc") !== null, { timeout: 20_000, interval: 20 }).toBe(true);
    await new Promise((done) => setTimeout(done, 100));
    child.kill("SIGKILL");
    await exited;
    release();
    expect(server.store.get("apps/v1", "StatefulSet", "freshet-clu-kubee2e", "spu")).toBeNull();

    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfig);
    const driver = new KubernetesDriver({
      kubeConfig,
      namespacePrefix: "freshet-",
      image: "freshet/engine:test",
      resources: { cpu: "500m", memory: "512Mi", storage: "1Gi" },
      controlPlaneNamespace: "freshet",
      clusterDomain: "cluster.local",
      addresses: shim,
      extraTlsHosts: ["127.0.0.1", "localhost"],
      logger: pino({ level: "silent" }),
      startTimeoutMs: 30_000,
      settleTimeoutMs: 30_000,
    });
    const provisioned = await driver.provision(spec);
    // The SC the dead process created was kept; only the SPUs had to be started.
    expect(provisioned.started).toEqual(["spu-0", "spu-1"]);

    const kafka = new Kafka({
      clientId: "kube-e2e",
      brokers: [`${provisioned.bootstrapHost}:${provisioned.bootstrapPort}`],
      sasl: { mechanism: "scram-sha-256", username: "alice", password: "alice-pw" },
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "events", numPartitions: 2, replicationFactor: 2 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: "events",
      messages: [
        { key: "a", value: "one" },
        { key: "b", value: "two" },
        { key: "c", value: "three" },
      ],
    });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: "kube-e2e" });
    await consumer.connect();
    await consumer.subscribe({ topic: "events", fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await expect.poll(() => seen.length, { timeout: 20_000 }).toBe(3);
    await consumer.disconnect();
    expect(seen.sort()).toEqual(["one", "three", "two"]);

    await driver.remove(CLUSTER);
    expect(server.store.get("v1", "Namespace", undefined, "freshet-clu-kubee2e")).toBeNull();
    expect(server.store.list("v1", "Secret", "freshet-clu-kubee2e", null)).toEqual([]);
    await shim.settled();
    expect(shim.runningPods().size).toBe(0);
    expect(await driver.clusterIds()).toEqual(new Set());
  });
});

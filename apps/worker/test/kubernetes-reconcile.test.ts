import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClusterLocks } from "../src/clusters/cluster-locks.js";
import { ClusterOperations } from "../src/clusters/cluster-operations.js";
import { ClusterStore } from "../src/clusters/cluster-store.js";
import { reconcile } from "../src/clusters/reconcile.js";
import { KubernetesDriver } from "../src/drivers/kubernetes/kubernetes-driver.js";
import { FakeApiServer } from "./support/fake-kube/fake-api-server.js";
import { KubeletShim } from "./support/fake-kube/kubelet-shim.js";
import { CONTROL_PLANE_SECRET, createFixture, listedBrokers, type Fixture } from "./support/fixture.js";

describe("reconcile with the kubernetes driver", () => {
  let fx: Fixture;
  let root: string;
  let server: FakeApiServer;
  let shim: KubeletShim;
  let driver: KubernetesDriver;

  beforeAll(async () => {
    fx = await createFixture();
    root = await mkdtemp(join(tmpdir(), "freshet-kube-reconcile-"));
    server = await FakeApiServer.start();
    shim = new KubeletShim(server.store, { root: join(root, "nodes") });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(await server.writeKubeconfig(root));
    driver = new KubernetesDriver({
      kubeConfig,
      namespacePrefix: "freshet-",
      image: "freshet/engine:test",
      resources: { cpu: "500m", memory: "512Mi", storage: "1Gi" },
      controlPlaneNamespace: "freshet",
      clusterDomain: "cluster.local",
      addresses: shim,
      logger: pino({ level: "silent" }),
      startTimeoutMs: 30_000,
      settleTimeoutMs: 30_000,
    });
  });

  afterAll(async () => {
    await shim?.close();
    await server?.close();
    await fx?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("recreates a Running cluster whose namespace is gone and removes namespaces no cluster row owns", async () => {
    const logger = pino({ level: "silent" });
    const store = new ClusterStore(fx.prisma);
    const operations = new ClusterOperations(store, driver, CONTROL_PLANE_SECRET, logger);
    const clusterId = await fx.createCluster(1);
    await fx.addCredential(clusterId, "alice", "alice-password");
    await operations.provision(clusterId, { finalAttempt: false });
    expect(await fx.status(clusterId)).toBe("Running");
    const namespace = driver.namespaceOf(clusterId);

    // Someone deleted the tenant's namespace; a namespace of a cluster the database never had appeared;
    // and a namespace that is not the driver's (no labels) must be left alone.
    server.store.delete("v1", "Namespace", undefined, namespace);
    await expect.poll(() => server.store.get("v1", "Namespace", undefined, namespace)).toBeNull();
    const labels = { "app.kubernetes.io/managed-by": "freshet", "freshet.dev/cluster-id": "clu_orphan" };
    server.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "freshet-clu-orphan", labels } });
    server.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "freshet-hand-made" } });

    const report = await reconcile({ store, provisioner: driver, operations, queue: fx.queue, locks: new ClusterLocks(), logger, orphans: "remove" });
    expect(report).toMatchObject({ checked: [clusterId], failed: [], orphans: ["clu_orphan"] });
    expect(server.store.get("v1", "Namespace", undefined, namespace)).not.toBeNull();
    const row = await fx.prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    expect(await listedBrokers(`${row.bootstrapHost}:${row.bootstrapPort}`, "alice", "alice-password")).toEqual([0]);
    expect(server.store.get("v1", "Namespace", undefined, "freshet-clu-orphan")).toBeNull();
    expect(server.store.get("v1", "Namespace", undefined, "freshet-hand-made")).not.toBeNull();
    expect(await driver.clusterIds()).toEqual(new Set([clusterId]));
  });
});

import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeControllerCluster } from "@freshet/client/admin/cluster-description";
import { readControllerSecret } from "@freshet/client/admin/controller-secret";
import { nodeTcpConnector } from "@freshet/client/transport/node-tcp";
import { scramCredential } from "@freshet/engine/auth/create-credentials";
import { isAlive } from "@freshet/spu-worker/launch";
import { Kafka, logLevel } from "kafkajs";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCredentialsFile, type CredentialRow } from "../../credentials/credentials-file.js";
import { CONTROL_PLANE_USERNAME, controlPlanePassword } from "@freshet/control-plane/control-plane-login";
import { describeProvisionerContract } from "../test-support/provisioner-contract.js";
import { LocalDriver } from "./local-driver.js";

const SECRET = "driver-test-secret-driver-test-secret";
const CLUSTER = "clu_drivertest";

async function row(username: string, password: string): Promise<CredentialRow> {
  return { username, ...(await scramCredential(password)) };
}

// Provisioning, credentials, stop, remove and convergence as every driver promises them.
describeProvisionerContract("LocalDriver", async () => {
  const dataRoot = await mkdtemp(join(tmpdir(), "freshet-local-contract-"));
  return { driver: new LocalDriver({ dataRoot, logger: pino({ level: "silent" }) }), close: () => rm(dataRoot, { recursive: true, force: true }) };
});

// What is particular to processes on this machine: adoption by pid, loopback, restarts on the same port, metrics.
describe("LocalDriver", () => {
  let root: string;
  let driver: LocalDriver;
  const spec = async (rows: CredentialRow[], maxPartitions = 3) => ({
    clusterId: CLUSTER,
    spus: 2,
    maxPartitions,
    credentials: await buildCredentialsFile(SECRET, CLUSTER, rows),
    login: { mechanism: "scram-sha-256" as const, username: CONTROL_PLANE_USERNAME, password: controlPlanePassword(SECRET, CLUSTER) },
  });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "freshet-local-driver-"));
    driver = new LocalDriver({ dataRoot: root, logger: pino({ level: "silent" }) });
  });

  afterAll(async () => {
    await driver.stop(CLUSTER);
    await rm(root, { recursive: true, force: true });
  });

  function kafka(port: number, username: string, password: string, tls?: { caPem: string; mechanism: "plain" | "scram-sha-256" }): Kafka {
    return new Kafka({
      clientId: "driver-test",
      brokers: [`127.0.0.1:${port}`],
      logLevel: logLevel.NOTHING,
      sasl: tls?.mechanism === "plain" ? { mechanism: "plain", username, password } : { mechanism: "scram-sha-256", username, password },
      ssl: tls === undefined ? undefined : { ca: [tls.caPem] },
      retry: { retries: 0 },
    });
  }

  async function listedBrokers(port: number, username: string, password: string, tls?: Parameters<typeof kafka>[3]): Promise<number[]> {
    const admin = kafka(port, username, password, tls).admin();
    await admin.connect();
    try {
      return (await admin.describeCluster()).brokers.map((b) => b.nodeId).sort();
    } finally {
      await admin.disconnect();
    }
  }

  it("starts an SC and SPUs once, adopts them when asked again, restarts a dead one on its port, removes everything", async () => {
    const first = await driver.provision(await spec([await row("alice", "alice-pw")]));
    expect(first.started).toEqual(["sc", "spu-0", "spu-1"]);
    const processes = await driver.processes(CLUSTER);
    expect(processes.map((p) => p.dataDir.slice(root.length)).sort()).toEqual([`/clusters/${CLUSTER}/sc`, `/clusters/${CLUSTER}/spu-0`, `/clusters/${CLUSTER}/spu-1`]);
    expect(await listedBrokers(first.bootstrapPort, "alice", "alice-pw")).toEqual([0, 1]);
    // The cluster's own CA (kept with its data) vouches for its brokers; TLS with PLAIN is in the contract suite, SCRAM here.
    expect(first.caPem).toBe(await readFile(join(root, "clusters", CLUSTER, "tls", "ca.pem"), "utf8"));
    expect(await listedBrokers(first.bootstrapPort, "alice", "alice-pw", { caPem: first.caPem, mechanism: "scram-sha-256" })).toEqual([0, 1]);

    // The SC answers only on loopback, and only to a process holding the cluster's controller secret.
    const sc = (await driver.processes(CLUSTER)).find((p) => p.dataDir.endsWith("/sc"))!;
    expect(await readFile(`/proc/${sc.identity.pid}/cmdline`, "utf8")).toContain("--host\u0000127.0.0.1");
    const secret = await readControllerSecret(driver.layout(CLUSTER).controllerSecretFile);
    if (!secret.ok) throw new Error(secret.error);
    const controller = (key: Uint8Array) => describeControllerCluster({ address: { host: "127.0.0.1", port: first.scPort }, secret: key, connector: nodeTcpConnector });
    expect((await controller(secret.value)).spus.map((spu) => spu.id)).toEqual([0, 1]);
    await expect(controller(new Uint8Array(32))).rejects.toThrow(/SASL_AUTHENTICATION_FAILED/);

    // The plan's partition limit (3 here) holds for the tenant's own Kafka logins, not only in the API.
    const admin = kafka(first.bootstrapPort, "alice", "alice-pw").admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: "orders", numPartitions: 2 }] });
      const refusal = await admin.createPartitions({ topicPartitions: [{ topic: "orders", count: 4 }] }).catch((error: unknown) => error);
      expect(refusal).toMatchObject({ type: "POLICY_VIOLATION" });
      const tooMany = await admin.createTopics({ topics: [{ topic: "more", numPartitions: 2 }] }).catch((error: unknown) => error);
      expect(tooMany).toMatchObject({ errors: [expect.objectContaining({ type: "POLICY_VIOLATION" })] });
      await admin.createPartitions({ topicPartitions: [{ topic: "orders", count: 3 }] });
      expect((await admin.fetchTopicMetadata({ topics: ["orders"] })).topics[0]!.partitions).toHaveLength(3);
      expect(await admin.listTopics()).not.toContain("more");
    } finally {
      await admin.disconnect();
    }

    const again = await driver.provision(await spec([await row("alice", "alice-pw")]));
    expect(again.started).toEqual([]);
    expect(again.caPem).toBe(first.caPem);
    expect(again.bootstrapPort).toBe(first.bootstrapPort);
    expect((await driver.processes(CLUSTER)).map((p) => p.identity.pid).sort()).toEqual(processes.map((p) => p.identity.pid).sort());

    const spu1 = processes.find((p) => p.dataDir.endsWith("spu-1"))!;
    process.kill(spu1.identity.pid, "SIGKILL");
    await expect.poll(() => isAlive(spu1.identity)).toBe(false);
    const healed = await driver.provision(await spec([await row("alice", "alice-pw")]));
    expect(healed.started).toEqual(["spu-1"]);
    expect(healed.bootstrapPort).toBe(first.bootstrapPort);
    expect(await driver.processes(CLUSTER)).toHaveLength(3);
    // Each SPU serves /metrics on loopback, the restarted one on the port its new record names.
    const targets = await driver.metricsTargets(CLUSTER, 2);
    expect(targets.map((t) => t.spuId)).toEqual([0, 1]);
    for (const target of targets) expect(await (await fetch(target.url)).text()).toContain("freshet_process_incarnation_info");

    // A plan change restarts the SC with the new limit; the SPUs keep running.
    const upgraded = await driver.provision(await spec([await row("alice", "alice-pw")], 4));
    expect(upgraded.started).toEqual(["sc"]);
    const grower = kafka(first.bootstrapPort, "alice", "alice-pw").admin();
    await grower.connect();
    try {
      // Until the restarted SC has heard the SPUs' heartbeats it has no live SPU to place replicas on.
      const grow = () =>
        grower.createPartitions({ topicPartitions: [{ topic: "orders", count: 4 }] }).then(
          () => "grown",
          (error: { type?: string }) => error.type,
        );
      await expect.poll(grow, { timeout: 10_000 }).toBe("grown");
    } finally {
      await grower.disconnect();
    }

    await driver.remove(CLUSTER);
    expect(await driver.processes(CLUSTER)).toEqual([]);
    for (const p of processes) expect(isAlive(p.identity)).toBe(false);
    expect(await readdir(join(root, "clusters"))).toEqual([]);
    expect(await driver.clusterIds()).toEqual(new Set());
  });
});

import { randomBytes } from "node:crypto";
import { scramCredential } from "@freshet/engine/auth/create-credentials";
import { CONTROL_PLANE_USERNAME, controlPlanePassword } from "@freshet/control-plane/control-plane-login";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCredentialsFile, type CredentialRow } from "../../credentials/credentials-file.js";
import type { ClusterSpec, Provisioner } from "../provisioner.js";

const SECRET = "contract-test-secret-contract-test-secret";

export interface ContractSubject {
  readonly driver: Provisioner;
  /** Stops whatever the subject started besides the clusters (a fake API server, its pods). */
  close(): Promise<void>;
}

async function row(username: string, password: string): Promise<CredentialRow> {
  return { username, ...(await scramCredential(password)) };
}

async function specOf(clusterId: string, rows: CredentialRow[]): Promise<ClusterSpec> {
  return {
    clusterId,
    spus: 2,
    maxPartitions: 4,
    credentials: await buildCredentialsFile(SECRET, clusterId, rows),
    login: { mechanism: "scram-sha-256", username: CONTROL_PLANE_USERNAME, password: controlPlanePassword(SECRET, clusterId) },
  };
}

interface Login {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly tls?: { readonly caPem: string; readonly mechanism: "plain" | "scram-sha-256" };
}

function kafka(login: Login): Kafka {
  const { host, port, username, password, tls } = login;
  return new Kafka({
    clientId: "contract-test",
    brokers: [`${host}:${port}`],
    logLevel: logLevel.NOTHING,
    sasl: tls?.mechanism === "plain" ? { mechanism: "plain", username, password } : { mechanism: "scram-sha-256", username, password },
    ssl: tls === undefined ? undefined : { ca: [tls.caPem] },
    connectionTimeout: 2_000,
    retry: { retries: 0 },
  });
}

async function withAdmin<T>(login: Login, work: (admin: ReturnType<Kafka["admin"]>) => Promise<T>): Promise<T> {
  const admin = kafka(login).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

const listedBrokers = (login: Login) => withAdmin(login, async (admin) => (await admin.describeCluster()).brokers.map((b) => b.nodeId).sort());

/**
 * What every Provisioner promises, held against a real tenant cluster: the same tests run
 * against the local driver and the kubernetes driver. Clusters get fresh ids, so a subject
 * pointed at a shared place (a real Kubernetes cluster) is not disturbed by other runs.
 */
export function describeProvisionerContract(name: string, makeSubject: () => Promise<ContractSubject>): void {
  describe(`${name} (Provisioner contract)`, () => {
    let subject: ContractSubject;
    const suffix = randomBytes(4).toString("hex");
    const clusterId = `clu_contract${suffix}`;
    const halfDoneId = `clu_halfdone${suffix}`;
    let alice: CredentialRow;

    beforeAll(async () => {
      subject = await makeSubject();
      alice = await row("alice", "alice-pw");
    });

    afterAll(async () => {
      for (const id of [clusterId, halfDoneId]) await subject?.driver.remove(id).catch(() => undefined);
      await subject?.close();
    });

    it("provisions a cluster clients reach with SASL and TLS, and a second call starts nothing", async () => {
      const first = await subject.driver.provision(await specOf(clusterId, [alice]));
      expect([...first.started].sort()).toEqual(["sc", "spu-0", "spu-1"]);
      const at = { host: first.bootstrapHost, port: first.bootstrapPort };
      expect(await listedBrokers({ ...at, username: "alice", password: "alice-pw" })).toEqual([0, 1]);
      await expect(listedBrokers({ ...at, username: "alice", password: "wrong" })).rejects.toThrow(/SASL SCRAM SHA256 authentication failed/);
      // The cluster's own CA vouches for its brokers, so PLAIN (only over TLS) works too.
      expect(await listedBrokers({ ...at, username: "alice", password: "alice-pw", tls: { caPem: first.caPem, mechanism: "plain" } })).toEqual([0, 1]);
      await withAdmin({ ...at, username: "alice", password: "alice-pw" }, (admin) => admin.createTopics({ topics: [{ topic: "orders", numPartitions: 2 }] }));

      const again = await subject.driver.provision(await specOf(clusterId, [alice]));
      expect(again.started).toEqual([]);
      expect({ host: again.bootstrapHost, port: again.bootstrapPort, caPem: again.caPem }).toEqual({ ...at, caPem: first.caPem });
      expect(await subject.driver.clusterIds()).toContain(clusterId);
    });

    it("rotates the users the brokers accept", async () => {
      const running = await subject.driver.provision(await specOf(clusterId, [alice]));
      const at = { host: running.bootstrapHost, port: running.bootstrapPort };
      const withBob = await buildCredentialsFile(SECRET, clusterId, [await row("bob", "bob-pw")]);
      expect(await subject.driver.writeCredentials(clusterId, withBob)).toBe(true);
      expect(await subject.driver.writeCredentials(clusterId, withBob)).toBe(false);
      await expect.poll(() => listedBrokers({ ...at, username: "bob", password: "bob-pw" }).catch(() => []), { timeout: 10_000 }).toEqual([0, 1]);
      await expect(listedBrokers({ ...at, username: "alice", password: "alice-pw" })).rejects.toThrow(/SASL SCRAM SHA256 authentication failed/);
    });

    it("stops the cluster keeping its data, and provisioning starts it again", async () => {
      await subject.driver.stop(clusterId);
      await subject.driver.stop(clusterId);
      const back = await subject.driver.provision(await specOf(clusterId, [alice]));
      expect([...back.started].sort()).toEqual(["sc", "spu-0", "spu-1"]);
      const topics = await withAdmin({ host: back.bootstrapHost, port: back.bootstrapPort, username: "alice", password: "alice-pw" }, (admin) => admin.listTopics());
      expect(topics).toContain("orders");
    });

    it("converges from a call cut off half-way, and removes the cluster entirely", async () => {
      const cutOff = new AbortController();
      const watcher = (async () => {
        while (!(await subject.driver.clusterIds()).has(halfDoneId)) await new Promise((done) => setTimeout(done, 5));
        cutOff.abort(new Error("cut off"));
      })().catch((error: unknown) => cutOff.abort(error));
      await expect(subject.driver.provision(await specOf(halfDoneId, [alice]), cutOff.signal)).rejects.toThrow();
      await watcher;
      const healed = await subject.driver.provision(await specOf(halfDoneId, [alice]));
      expect(await listedBrokers({ host: healed.bootstrapHost, port: healed.bootstrapPort, username: "alice", password: "alice-pw" })).toEqual([0, 1]);

      await subject.driver.remove(halfDoneId);
      await subject.driver.remove(halfDoneId);
      expect(await subject.driver.clusterIds()).not.toContain(halfDoneId);
      await expect(listedBrokers({ host: healed.bootstrapHost, port: healed.bootstrapPort, username: "alice", password: "alice-pw" })).rejects.toThrow();
    });
  });
}

/*
 * Client quotas on a standalone broker with SASL: only --super-users may read or change
 * them (a spend cap is the operator's, not a tenant's), and the broker keeps them in its
 * data directory across a restart. librdkafka (kcat), logged in as a tenant, is told its
 * throttle time and loses nothing.
 */
import { createClient, type FreshetClient } from "@freshet/client/client";
import { errorCode, KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kcat } from "./support/kcat.js";
import { writeCredentials } from "./support/sasl-credentials.js";
import { makeDataDir, removeDataDir, startSpu, type SpuProcess } from "./support/spu-process.js";

let credentialsDir: string;
let credentialsFile: string;
let dataDir: string;
let spu: SpuProcess;

function clientAs(user: "root" | "tenant"): FreshetClient {
  return createClient({ bootstrap: spu.bootstrap, clientId: `quota-${user}`, sasl: { mechanism: "scram-sha-256", username: user, password: `${user}-secret` } });
}

function start(): Promise<SpuProcess> {
  return startSpu({ dataDir, args: ["--sasl-credentials", credentialsFile, "--super-users", "root"] });
}

beforeAll(async () => {
  credentialsDir = await makeDataDir();
  credentialsFile = await writeCredentials(credentialsDir, { root: "root-secret", tenant: "tenant-secret" });
  dataDir = await makeDataDir();
  spu = await start();
});

afterAll(async () => {
  expect(await spu.stop()).toBe(0);
  await removeDataDir(dataDir);
  await removeDataDir(credentialsDir);
});

describe("client quotas on a broker with SASL", () => {
  it("lets only a super user change or read them", async () => {
    const tenant = clientAs("tenant");
    try {
      const refused = await tenant.admin.setDefaultProducerByteRate(1024).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(KafkaProtocolError);
      expect((refused as KafkaProtocolError).code).toBe(errorCode("CLUSTER_AUTHORIZATION_FAILED"));
      await expect(tenant.admin.describeClientQuotas()).rejects.toThrow(/super users/);
    } finally {
      await tenant.close();
    }
    const root = clientAs("root");
    try {
      expect(await root.admin.describeClientQuotas()).toEqual([]);
    } finally {
      await root.close();
    }
  });

  it("keeps them across a restart of a standalone broker", async () => {
    const root = clientAs("root");
    await root.admin.alterClientQuotas([
      { entity: { user: null }, values: { producerByteRate: 65_536 } },
      { entity: { user: "tenant", clientId: "app" }, values: { consumerByteRate: 1_000_000 } },
    ]);
    await root.close();
    expect(await spu.stop()).toBe(0);
    spu = await start();
    const again = clientAs("root");
    try {
      expect(await again.admin.describeClientQuotas()).toEqual([
        { entity: { user: null }, values: { producerByteRate: 65_536 } },
        { entity: { user: "tenant", clientId: "app" }, values: { consumerByteRate: 1_000_000 } },
      ]);
    } finally {
      await again.close();
    }
  });

  it("tells kcat (librdkafka) how long to wait, and loses no record while throttling", async () => {
    const rate = 64 * 1024;
    const lines = 384;
    const input = Array.from({ length: lines }, (_, i) => `m${i}`.padEnd(1023, ".")).join("\n") + "\n";
    const tenant = ["-b", spu.bootstrap, "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=SCRAM-SHA-256", "-X", "sasl.username=tenant", "-X", "sasl.password=tenant-secret"];
    const produce = async (): Promise<number | null> => {
      // A long linger makes the whole input one request however fast kcat reads its stdin.
      const produced = await kcat([...tenant, "-P", "-t", "kcat-capped", "-X", "acks=all", "-X", "linger.ms=1000"], input, 60_000);
      expect(produced.code, produced.stderr).toBe(0);
      // kcat prints librdkafka's throttle callback: the throttle time the broker answered with.
      const throttled = /throttled request for (\d+)ms/.exec(produced.stderr);
      return throttled === null ? null : Number(throttled[1]);
    };
    const root = clientAs("root");
    try {
      await root.admin.createTopics([{ name: "kcat-capped", partitions: 1 }]);
      await root.admin.setDefaultProducerByteRate(rate);
      // kcat sends the whole input as one request: 384 KiB at 64 KiB/s, less a second's burst, is a 5 s wait.
      const throttleMs = await produce();
      await root.admin.setDefaultProducerByteRate(null);
      const freeThrottleMs = await produce();
      console.info(`kcat: ${lines} KiB under ${rate} B/s was told to wait ${throttleMs} ms; without the quota ${freeThrottleMs ?? 0} ms`);
      expect(throttleMs).toBeGreaterThan(4_000);
      expect(throttleMs).toBeLessThan(6_000);
      expect(freeThrottleMs).toBeNull();
      const consumed = await kcat([...tenant, "-C", "-t", "kcat-capped", "-o", "beginning", "-e", "-f", "%s\n"], undefined, 60_000);
      const sent = input.split("\n").filter((line) => line.length > 0);
      expect(consumed.stdout.split("\n").filter((line) => line.length > 0)).toEqual([...sent, ...sent]);
    } finally {
      await root.close();
    }
  });

  it("tells a kcat consumer over consumer_byte_rate how long to wait, and it still reads every record", async () => {
    const rate = 64 * 1024;
    const lines = 384;
    const input = Array.from({ length: lines }, (_, i) => `r${i}`.padEnd(1023, ".")).join("\n") + "\n";
    const tenant = ["-b", spu.bootstrap, "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=SCRAM-SHA-256", "-X", "sasl.username=tenant", "-X", "sasl.password=tenant-secret"];
    const consume = async (): Promise<{ records: string[]; throttleMs: number | null }> => {
      const consumed = await kcat([...tenant, "-C", "-t", "kcat-capped-reads", "-o", "beginning", "-e", "-f", "%s\n"], undefined, 60_000);
      expect(consumed.code, consumed.stderr).toBe(0);
      const throttled = /throttled request for (\d+)ms/.exec(consumed.stderr);
      return { records: consumed.stdout.split("\n").filter((line) => line.length > 0), throttleMs: throttled === null ? null : Number(throttled[1]) };
    };
    const root = clientAs("root");
    try {
      await root.admin.createTopics([{ name: "kcat-capped-reads", partitions: 1 }]);
      const produced = await kcat([...tenant, "-P", "-t", "kcat-capped-reads", "-X", "acks=all"], input, 60_000);
      expect(produced.code, produced.stderr).toBe(0);
      await root.admin.alterClientQuotas([{ entity: { user: null }, values: { consumerByteRate: rate } }]);
      // One Fetch carries all 384 KiB: at 64 KiB/s, less a second's burst, the answer says wait about 5 s.
      const capped = await consume();
      await root.admin.alterClientQuotas([{ entity: { user: null }, values: { consumerByteRate: null } }]);
      const free = await consume();
      console.info(`kcat: read ${lines} KiB under ${rate} B/s and was told to wait ${capped.throttleMs} ms; without the quota ${free.throttleMs ?? 0} ms`);
      const sent = input.split("\n").filter((line) => line.length > 0);
      expect(capped.records).toEqual(sent);
      expect(free.records).toEqual(sent);
      expect(capped.throttleMs).toBeGreaterThan(1_000);
      expect(free.throttleMs).toBeNull();
    } finally {
      await root.close();
    }
  });
});

/*
 * Client quotas on a standalone broker with SASL: only --super-users may read or change
 * them (a spend cap is the operator's, not a tenant's), and the broker keeps them in its
 * data directory across a restart.
 */
import { createClient, type FreshetClient } from "@freshet/client/client";
import { errorCode, KafkaProtocolError } from "@freshet/protocol/errors/error-codes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
});

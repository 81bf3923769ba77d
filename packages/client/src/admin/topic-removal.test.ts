import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deleteTopics } from "@freshet/protocol/messages/delete-topics";
import { metadata } from "@freshet/protocol/messages/metadata";
import { Cluster } from "../cluster/cluster.js";
import { parseBootstrap } from "../cluster/bootstrap.js";
import { FakeCluster } from "../test-support/fake-cluster.js";
import { nodeTcpConnector } from "../transport/node-tcp.js";
import { Admin } from "./admin.js";

// The controller commits a deletion before the brokers hear of it: here the fake broker keeps
// listing "orders" in its Metadata for a number of answers after DeleteTopics succeeded.
let fake: FakeCluster;
let cluster: Cluster;

beforeEach(async () => {
  fake = await FakeCluster.start();
  const bootstrap = parseBootstrap(fake.bootstrap);
  if (!bootstrap.ok) throw new Error(bootstrap.error);
  cluster = new Cluster({ bootstrap: bootstrap.value, connector: nodeTcpConnector, retry: { retries: 3, initialDelayMs: 1, maxDelayMs: 5, factor: 2 } });
});

afterEach(async () => {
  await cluster.close();
  await fake.stop();
});

/** "orders" is listed until `lagging` Metadata answers after its deletion have gone out (forever when lagging is Infinity). */
function lagAfterDeletion(lagging: number): void {
  let deletedAtRequest: number | null = null;
  const metadataRequests = () => fake.requestsOf(metadata).length;
  Object.defineProperty(fake, "topics", {
    get: () => (deletedAtRequest !== null && metadataRequests() > deletedAtRequest + lagging ? [] : [{ name: "orders", partitions: 1 }]),
  });
  fake.on(deleteTopics, (body) => {
    deletedAtRequest = metadataRequests();
    return { throttleTimeMs: 0, responses: body.topicNames.map((name) => ({ name, topicId: "", errorCode: 0, errorMessage: null })) };
  });
}

async function listed(): Promise<string[]> {
  return (await cluster.refreshMetadata(["orders"])).filter((t) => t.errorCode === 0).map((t) => t.name);
}

describe("deleteTopics", () => {
  it("returns only once the brokers' Metadata no longer lists the topic", async () => {
    lagAfterDeletion(3);
    expect(await listed()).toEqual(["orders"]);
    await new Admin(cluster).deleteTopics(["orders"]);
    expect(await listed()).toEqual([]);
    expect(fake.requestsOf(deleteTopics)).toHaveLength(1);
  });

  it("fails with a timeout when a broker keeps listing the topic past the deadline", async () => {
    lagAfterDeletion(Infinity);
    await expect(new Admin(cluster).deleteTopics(["orders"], { timeoutMs: 300 })).rejects.toMatchObject({
      code: 7,
      message: expect.stringContaining('waiting for every broker to drop "orders"'),
    });
    expect(fake.requestsOf(deleteTopics)).toHaveLength(1);
  });

  it("returns right after the controller's answer when told not to wait", async () => {
    lagAfterDeletion(Infinity);
    await new Admin(cluster).deleteTopics(["orders"], { waitForRemoval: false });
    expect(await listed()).toEqual(["orders"]);
  });
});

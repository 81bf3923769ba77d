import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig, type V1ConfigMap, type V1Namespace, type V1Secret } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeApiServer } from "../../../test/support/fake-kube/fake-api-server.js";
import { KubeObjects, KubernetesApiError } from "./kube-objects.js";
import { APPLIED_HASH_ANNOTATION } from "./tenant-names.js";

describe("KubeObjects (client-node 1.4.0 against the fake API server)", () => {
  let root: string;
  let server: FakeApiServer;
  let objects: KubeObjects;
  const namespace: V1Namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: "objects-test", labels: { team: "a" } } };
  const secret = (value: string): V1Secret => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "objects-test" }, data: { key: Buffer.from(value).toString("base64") } });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "freshet-kube-objects-"));
    server = await FakeApiServer.start();
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(await server.writeKubeconfig(root));
    objects = new KubeObjects(kubeConfig);
  });

  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  const writes = () => server.requests.filter((r) => r.method === "POST" || r.method === "PUT");

  it("creates, leaves an object holding the desired hash alone, and replaces it when the desired state changes", async () => {
    expect((await objects.apply(namespace)).outcome).toBe("created");
    expect((await objects.apply(secret("one"))).outcome).toBe("created");
    const before = writes().length;
    expect((await objects.apply(secret("one"))).outcome).toBe("unchanged");
    expect(writes()).toHaveLength(before);
    const { object, outcome } = await objects.apply(secret("two"));
    expect(outcome).toBe("updated");
    expect(Buffer.from(object.data!.key!, "base64").toString()).toBe("two");
    expect(object.metadata?.annotations?.[APPLIED_HASH_ANNOTATION]).toMatch(/^[0-9a-f]{32}$/);
  });

  it("replaces on the resourceVersion it read: a writer racing it costs a 409 and a retry, not a lost update", async () => {
    server.beforeNextWrite(() => {
      const current = server.store.get("v1", "Secret", "objects-test", "s")!;
      server.store.replace({ ...current, data: { key: Buffer.from("theirs").toString("base64") }, metadata: { ...current.metadata, labels: { raced: "yes" } } });
    });
    const seen = server.requests.length;
    const { object, outcome } = await objects.apply(secret("three"));
    expect(outcome).toBe("updated");
    expect(
      server.requests
        .slice(seen)
        .filter((r) => r.method === "PUT")
        .map((r) => r.status),
    ).toEqual([409, 200]);
    expect(Buffer.from(object.data!.key!, "base64").toString()).toBe("three");
  });

  it("keeps what `ensure` finds, lists by label, and reports refusals as one sentence", async () => {
    expect((await objects.ensure(secret("other"))).outcome).toBe("unchanged");
    expect(Buffer.from(((await objects.read(secret(""))) as V1Secret).data!.key!, "base64").toString()).toBe("three");
    expect((await objects.list("v1", "Namespace", "team=a")).map((n) => n.metadata?.name)).toEqual(["objects-test"]);
    expect(await objects.list("v1", "Namespace", "team=b")).toEqual([]);
    const configMap: V1ConfigMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "objects-test" } };
    await expect(objects.apply(configMap)).rejects.toThrow(KubernetesApiError);
    const missingNamespace = { ...secret("x"), metadata: { name: "s", namespace: "nowhere" } };
    await expect(objects.apply(missingNamespace)).rejects.toThrow(/^Kubernetes API refused to apply Secret nowhere\/s: namespaces "nowhere" not found$/);
  });

  it("deletes a namespace with everything in it", async () => {
    expect(await objects.delete(namespace)).toBe(true);
    await expect.poll(() => objects.read(namespace)).toBeNull();
    expect(await objects.read(secret(""))).toBeNull();
    expect(await objects.delete(namespace)).toBe(false);
  });
});

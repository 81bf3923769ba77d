import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { pino } from "pino";
import { FakeApiServer } from "../../../test/support/fake-kube/fake-api-server.js";
import { KubeletShim } from "../../../test/support/fake-kube/kubelet-shim.js";
import { describeProvisionerContract } from "../test-support/provisioner-contract.js";
import { KubernetesDriver } from "./kubernetes-driver.js";

describeProvisionerContract("KubernetesDriver on a fake API server", async () => {
  const root = await mkdtemp(join(tmpdir(), "freshet-fake-kube-"));
  const server = await FakeApiServer.start();
  const shim = new KubeletShim(server.store, { root: join(root, "nodes") });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(await server.writeKubeconfig(root));
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
  return {
    driver,
    async close() {
      await shim.close();
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
});

/**
 * A worker's provisioning step in its own process, for tests that kill it half-way:
 *   node --conditions=@freshet/source --import tsx provision-child.ts <kubeconfig> <spec.json>
 * It talks to the API server the kubeconfig names and waits for the cluster through its DNS
 * names, which no test resolves: the test kills it before then.
 */
import { readFile } from "node:fs/promises";
import { KubeConfig } from "@kubernetes/client-node";
import { pino } from "pino";
import { KubernetesDriver } from "../../../src/drivers/kubernetes/kubernetes-driver.js";
import type { ClusterSpec } from "../../../src/drivers/provisioner.js";

const [kubeconfigPath, specPath] = process.argv.slice(2);
const kubeConfig = new KubeConfig();
kubeConfig.loadFromFile(kubeconfigPath!);
const spec = JSON.parse(await readFile(specPath!, "utf8")) as ClusterSpec;
const driver = new KubernetesDriver({
  kubeConfig,
  namespacePrefix: "freshet-",
  image: "freshet/engine:test",
  resources: { cpu: "500m", memory: "512Mi", storage: "1Gi" },
  controlPlaneNamespace: "freshet",
  clusterDomain: "cluster.local",
  extraTlsHosts: ["127.0.0.1", "localhost"],
  logger: pino({ level: "info" }),
});
await driver.provision(spec);

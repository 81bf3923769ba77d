/**
 * The Provisioner contract against a real Kubernetes cluster: `npm run test:kube -w apps/worker`
 * with KUBECONFIG naming the cluster and KUBE_ENGINE_IMAGE an image of apps/spu-worker it can pull
 * (see the README, "Kubernetes"). Not part of the default run, which has no cluster: it fails,
 * never skips, when KUBECONFIG is missing.
 */
import { pino } from "pino";
import { driversFromEnv } from "../src/drivers/drivers-from-env.js";
import { describeProvisionerContract } from "../src/drivers/test-support/provisioner-contract.js";
import { parseEnv } from "../src/env.js";

describeProvisionerContract("KubernetesDriver on the cluster KUBECONFIG names", () => {
  if (process.env.KUBECONFIG === undefined || process.env.KUBECONFIG === "") {
    return Promise.reject(new Error("KUBECONFIG is not set: the real-cluster suite needs a Kubernetes cluster to run against"));
  }
  const env = parseEnv({ ...process.env, NODE_ENV: "test", PROVISIONER: "kubernetes" });
  const { provisioner } = driversFromEnv(env, pino({ level: process.env.LOG_LEVEL ?? "info" }));
  return Promise.resolve({ driver: provisioner, close: () => Promise.resolve() });
});

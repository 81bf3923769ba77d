import { defineConfig } from "vitest/config";

// The real-cluster suite (kube-tests/): run on demand with a KUBECONFIG, never by the default run.
export default defineConfig({
  resolve: { conditions: ["@freshet/source"] },
  ssr: { resolve: { conditions: ["@freshet/source"] } },
  test: {
    include: ["kube-tests/**/*.kube-test.ts"],
    pool: "forks",
    // Pulling images and attaching volumes takes minutes on a fresh node.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});

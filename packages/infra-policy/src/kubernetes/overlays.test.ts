/*
 * Every overlay of infra/kubernetes renders with the kubectl on this machine and every object it
 * renders passes its kubernetes-models schema and the manifest rules; the checks themselves fail on
 * objects broken on purpose.
 */
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { KustomizeError, renderKustomization, type KubernetesObject } from "./render.js";
import { validateManifests } from "./validate.js";

const KUBERNETES = fileURLToPath(new URL("../../../../infra/kubernetes", import.meta.url));
const PLACEHOLDER = "set-by-overlay";
const overlays = (await readdir(join(KUBERNETES, "overlays"), { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

it("has a staging and a production overlay", () => {
  expect(overlays.sort()).toEqual(["production", "staging"]);
});

describe.each(overlays)("overlay %s", (overlay) => {
  it("renders, and every object passes its schema and the manifest rules", async () => {
    const { objects } = await renderKustomization(join(KUBERNETES, "overlays", overlay));
    expect(validateManifests(objects, { placeholder: PLACEHOLDER })).toEqual([]);

    const names = (kind: string) => objects.filter((object) => object.kind === kind).map((object) => object.metadata?.name);
    expect(names("Deployment").sort()).toEqual(["freshet-api", "freshet-console", "freshet-worker"]);
    expect(names("Service").sort()).toEqual(["freshet-api", "freshet-console"]);
    expect(names("ConfigMap")).toEqual([expect.stringMatching(/^freshet-config-/)]);
    expect(names("ExternalSecret")).toEqual(["freshet-app"]);
    expect(names("Secret")).toEqual([]);
    for (const object of objects) if (object.kind !== "Namespace" && !object.kind?.toString().startsWith("Cluster")) expect(object.metadata?.namespace).toBe("freshet");

    const text = JSON.stringify(objects);
    expect(text).toContain(`freshet-${overlay}-app@`);
    expect(text).toContain(`"regexp":"^freshet-${overlay}-"`);
  });
});

it("the base alone still holds placeholders and unpinned images, which the rules report", async () => {
  const { objects } = await renderKustomization(join(KUBERNETES, "base"));
  const messages = validateManifests(objects, { placeholder: PLACEHOLDER }).map((violation) => `${violation.object}: ${violation.message}`);
  expect(messages.sort()).toEqual(
    [
      "Deployment freshet/freshet-api: container api uses image freshet/api without a pinned tag or digest.",
      "Deployment freshet/freshet-console: container console uses image freshet/console without a pinned tag or digest.",
      "Deployment freshet/freshet-worker: container worker uses image freshet/worker without a pinned tag or digest.",
      `ExternalSecret freshet/freshet-app: still holds the placeholder "${PLACEHOLDER}" that the overlay must replace.`,
      `Gateway freshet/freshet-console: still holds the placeholder "${PLACEHOLDER}" that the overlay must replace.`,
      `HTTPRoute freshet/freshet-console: still holds the placeholder "${PLACEHOLDER}" that the overlay must replace.`,
      `SecretStore freshet/gcp-secret-manager: still holds the placeholder "${PLACEHOLDER}" that the overlay must replace.`,
    ].sort(),
  );
});

describe("the manifest rules fail on objects broken on purpose", () => {
  const deployment = (container: Record<string, unknown>, replicas: unknown = 1): KubernetesObject => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "d", namespace: "n" },
    spec: {
      replicas,
      selector: { matchLabels: { app: "d" } },
      template: { metadata: { labels: { app: "d" } }, spec: { containers: [{ name: "c", image: "registry.example:5000/d:1.0.0", ...container }] } },
    },
  });

  it("passes a valid object", () => {
    expect(validateManifests([deployment({})])).toEqual([]);
  });

  it("reports a schema error, an unknown kind, secret data, a literal secret env var and unpinned images", () => {
    const violations = validateManifests([
      deployment({}, "three"),
      { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } },
      { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, stringData: { password: "hunter2" } },
      deployment({
        env: [
          { name: "BETTER_AUTH_SECRET", value: "0123456789abcdef0123456789abcdef" },
          { name: "LOG_LEVEL", value: "info" },
        ],
      }),
      deployment({ image: "registry.example:5000/d" }),
      deployment({ image: "d:latest" }),
    ]);
    expect(violations).toEqual([
      { object: "Deployment n/d", message: "does not match its schema: data/spec/replicas must be integer." },
      { object: "Widget w", message: "has no kubernetes-models schema for example.com/v1 Widget, so it cannot be validated." },
      { object: "Secret s", message: "carries secret values in the manifests; secrets come from Secret Manager through External Secrets." },
      { object: "Deployment n/d", message: "container c sets BETTER_AUTH_SECRET to a literal value; use secretKeyRef." },
      { object: "Deployment n/d", message: "container c uses image registry.example:5000/d without a pinned tag or digest." },
      { object: "Deployment n/d", message: "container c uses image d:latest without a pinned tag or digest." },
    ]);
  });

  it("says in one sentence why kubectl kustomize could not render a directory", async () => {
    const directory = await mkdtemp(join(tmpdir(), "freshet-kustomize-"));
    try {
      await writeFile(join(directory, "kustomization.yaml"), "resources:\n  - missing.yaml\n");
      const error = await renderKustomization(directory).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(KustomizeError);
      expect((error as Error).message).toMatch(/^kubectl kustomize could not render .*missing\.yaml/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

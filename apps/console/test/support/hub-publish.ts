import { createHash } from "node:crypto";
import type { HubManifest } from "@freshet/hub/manifest";
import { signPackage } from "@freshet/hub/signing";

export interface PackageToPublish {
  readonly manifest: HubManifest;
  readonly readme: string;
  readonly artifact: Uint8Array;
  readonly privateKeyPem: string;
}

/**
 * Publishes as `freshet hub publish` does: signs the artifact's digest with the group's key and
 * uploads manifest, README, signature and artifact as one multipart POST with a `hub:publish` API
 * key, here through the console's origin (its /api proxy). Answers the API's 201 body.
 */
export async function publishPackage(consoleUrl: string, apiKey: string, pkg: PackageToPublish): Promise<{ group: string; name: string; version: string; digest: string }> {
  const artifactDigest = createHash("sha256").update(pkg.artifact).digest("hex");
  const bundle = await signPackage({ manifest: pkg.manifest, artifactDigest, privateKeyPem: pkg.privateKeyPem });
  const form = new FormData();
  form.set("manifest", JSON.stringify(pkg.manifest));
  form.set("readme", pkg.readme);
  form.set("signature", JSON.stringify(bundle));
  form.set("artifact", new Blob([pkg.artifact], { type: "application/wasm" }), `${pkg.manifest.name}.wasm`);
  const response = await fetch(new URL("/api/hub/packages", consoleUrl), { method: "POST", headers: { authorization: `Bearer ${apiKey}` }, body: form });
  const body = (await response.json()) as unknown;
  if (response.status !== 201) throw new Error(`publishing answered ${response.status}: ${JSON.stringify(body)}`);
  return body as { group: string; name: string; version: string; digest: string };
}

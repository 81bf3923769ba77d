import { randomBytes } from "node:crypto";
import type { HubManifest } from "@freshet/hub/manifest";
import { generateKeyPair, signPackage, type SignatureBundle } from "@freshet/hub/signing";
import type { Client } from "./api-harness.js";
import { sha256 } from "./digest.js";

export interface HubKeyPair {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  readonly keyId: string;
}

/** What an org needs to publish: its group, a registered signing key and an API key with hub:publish. */
export interface Publisher {
  readonly group: string;
  readonly keys: HubKeyPair;
  readonly publishKey: string;
}

/** Claims `group`, registers a new signing key and creates a hub:publish API key, as an org admin does. */
export async function setUpPublisher(admin: Client, group: string): Promise<Publisher> {
  await admin.hub.groups.claim.mutate({ name: group });
  const keys = generateKeyPair();
  await admin.hub.keys.register.mutate({ name: `${group} laptop`, publicKeyPem: keys.publicKeyPem });
  const { secret } = await admin.apiKeys.create.mutate({ name: `${group} publishing`, scopes: ["hub:publish"] });
  return { group, keys, publishKey: secret };
}

/** A valid SmartModule manifest; tests change what they look at. */
export function smartModuleManifest(overrides: Partial<HubManifest> & Pick<HubManifest, "group">): HubManifest {
  return {
    name: "hot",
    version: "1.2.0",
    kind: "smartmodule",
    description: "Keeps the hottest sensor readings.",
    license: "Apache-2.0",
    repository: "https://github.com/acme/hot",
    keywords: ["temperature", "iot"],
    visibility: "public",
    smartmodule: { world: "freshet:smartmodule/filter-module@0.1.0", moduleKind: "filter", parameters: { threshold: { type: "number", description: "Lowest value kept", default: "20" } } },
    ...overrides,
  };
}

/** Bytes that pass for a component at the API (the WebAssembly magic and version, then noise): the API stores, it does not run. */
export function fakeComponent(): Uint8Array {
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, ...randomBytes(64)]);
}

export interface Upload {
  readonly manifest: HubManifest;
  readonly artifact: Uint8Array;
  readonly readme?: string;
  /** Default: signed by `privateKeyPem` over this manifest and artifact. */
  readonly bundle?: SignatureBundle;
}

export async function signedUpload(upload: Upload, privateKeyPem: string): Promise<Required<Upload>> {
  const bundle = upload.bundle ?? (await signPackage({ manifest: upload.manifest, artifactDigest: sha256(upload.artifact), privateKeyPem }));
  return { manifest: upload.manifest, artifact: upload.artifact, readme: upload.readme ?? `# ${upload.manifest.group}/${upload.manifest.name}\n`, bundle };
}

/** The multipart body the CLI sends (POST /api/hub/packages). */
export function publishForm(upload: Required<Upload>): FormData {
  const form = new FormData();
  form.append("manifest", JSON.stringify(upload.manifest));
  form.append("readme", upload.readme);
  form.append("signature", JSON.stringify(upload.bundle));
  form.append("artifact", new Blob([upload.artifact], { type: "application/wasm" }), `${upload.manifest.name}.wasm`);
  return form;
}

/** Publishes as the CLI does; answers the raw response so tests look at refusals too. */
export async function publish(apiUrl: string, publishKey: string | null, upload: Upload, privateKeyPem: string): Promise<Response> {
  const headers: Record<string, string> = publishKey === null ? {} : { authorization: `Bearer ${publishKey}` };
  return fetch(`${apiUrl}/api/hub/packages`, { method: "POST", headers, body: publishForm(await signedUpload(upload, privateKeyPem)) });
}

/** The one sentence a refusal carries (tRPC's error envelope). */
export async function refusalOf(response: Response): Promise<{ status: number; message: string }> {
  const body = (await response.json()) as { error?: { message?: string } };
  return { status: response.status, message: body.error?.message ?? `no message (HTTP ${response.status})` };
}

import type { HubManifest } from "@freshet/hub/manifest";
import type { SignatureBundle } from "@freshet/hub/signing";
import { z } from "zod";
import { rootCause } from "../cloud/api-client.js";
import { UserError } from "../errors/user-error.js";

/** The API's REST routes answer a refusal with tRPC's error envelope; anything else is described by its status. */
const refusalSchema = z.object({ error: z.object({ message: z.string().min(1) }) });

async function refusalOf(response: Response, what: string): Promise<UserError> {
  const text = await response.text().catch(() => "");
  let parsed: z.ZodSafeParseResult<z.infer<typeof refusalSchema>> | null = null;
  try {
    parsed = refusalSchema.safeParse(JSON.parse(text));
  } catch {
    // Not JSON: a proxy or another server answered.
  }
  return new UserError(parsed?.success === true ? parsed.data.error.message : `${what} failed: HTTP ${response.status} ${response.statusText}`.trim());
}

async function request(apiUrl: string, path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`${apiUrl}${path}`, init);
  } catch (cause) {
    throw new UserError(`cannot reach the Freshet API at ${apiUrl} (${rootCause(cause as Error).message})`, 1, { cause });
  }
}

export const PUBLISH_PATH = "/api/hub/packages";

const publishedSchema = z.object({ group: z.string(), name: z.string(), version: z.string(), digest: z.string() });

export interface Upload {
  readonly manifest: HubManifest;
  readonly readme: string;
  readonly bundle: SignatureBundle;
  readonly artifact: Uint8Array;
}

/** POST /api/hub/packages as multipart/form-data, with the org's `hub:publish` key. */
export async function uploadPackage(apiUrl: string, publishKey: string, upload: Upload): Promise<z.infer<typeof publishedSchema>> {
  const form = new FormData();
  form.append("manifest", JSON.stringify(upload.manifest));
  form.append("readme", upload.readme);
  form.append("signature", JSON.stringify(upload.bundle));
  const [type, file] = upload.manifest.kind === "smartmodule" ? ["application/wasm", `${upload.manifest.name}.wasm`] : ["text/javascript", "connector.js"];
  form.append("artifact", new Blob([upload.artifact], { type }), file);
  const response = await request(apiUrl, PUBLISH_PATH, { method: "POST", headers: { authorization: `Bearer ${publishKey}` }, body: form });
  if (!response.ok) throw await refusalOf(response, "publishing");
  const published = publishedSchema.safeParse(await response.json().catch(() => null));
  if (!published.success) throw new UserError(`the API at ${apiUrl} answered the publish with something other than the published version`);
  return published.data;
}

/** GET the artifact at `artifactPath` (as hub.resolve names it); private packages need the owning org's login. */
export async function downloadArtifact(apiUrl: string, artifactPath: string, bearer: string | null): Promise<Uint8Array> {
  const headers: Record<string, string> = bearer === null ? {} : { authorization: `Bearer ${bearer}` };
  const response = await request(apiUrl, artifactPath, { headers });
  if (!response.ok) throw await refusalOf(response, "downloading");
  return new Uint8Array(await response.arrayBuffer());
}

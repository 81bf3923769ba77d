/* Renders a kustomization with the `kubectl kustomize` built into kubectl (no cluster needed). */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { parseAllDocuments } from "yaml";

const run = promisify(execFile);

export interface KubernetesObject {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown };
  readonly [field: string]: unknown;
}

export class KustomizeError extends Error {
  constructor(
    readonly directory: string,
    options: { cause: unknown },
  ) {
    const detail = (options.cause as { stderr?: unknown }).stderr;
    super(`kubectl kustomize could not render ${directory}: ${typeof detail === "string" && detail.trim() ? detail.trim() : String(options.cause)}`, options);
    this.name = "KustomizeError";
  }
}

/** Splits a multi-document YAML stream into objects; throws on the first malformed document. */
export function parseManifests(text: string): KubernetesObject[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw document.errors[0]!;
      return document.toJS() as unknown;
    })
    .filter((value): value is KubernetesObject => typeof value === "object" && value !== null);
}

/** `kubectl kustomize <directory>`, parsed. `kubectl` may name another binary (kubectl.1.33, a path). */
export async function renderKustomization(directory: string, kubectl = "kubectl"): Promise<{ yaml: string; objects: KubernetesObject[] }> {
  let yaml: string;
  try {
    ({ stdout: yaml } = await run(kubectl, ["kustomize", directory], { maxBuffer: 16 * 1024 * 1024 }));
  } catch (error) {
    throw new KustomizeError(directory, { cause: error });
  }
  return { yaml, objects: parseManifests(yaml) };
}

import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { HUB_YAML, parseHubYaml, parseManifest, type HubManifest } from "@freshet/hub/manifest";
import { UserError } from "../errors/user-error.js";
import { inspectConnector, inspectSmartModule } from "./inspect-artifact.js";
import { needsBuild } from "./staleness.js";

/** What `hub publish` uploads, before it is signed. */
export interface PreparedPackage {
  readonly manifest: HubManifest;
  readonly artifact: Uint8Array;
  readonly readme: string;
  /** Whether the artifact was (re)built for this publish. */
  readonly built: boolean;
}

/** How the project's artifact is built: `sm build` and `cdk build`'s own code, injected so tests need no compiler. */
export interface Builders {
  buildSmartModule(dir: string): Promise<void>;
  buildConnector(dir: string): Promise<void>;
}

function readFileOrExplain(path: string, what: string): Promise<string>;
function readFileOrExplain(path: string, what: string, binary: "binary"): Promise<Uint8Array>;
async function readFileOrExplain(path: string, what: string, binary?: "binary"): Promise<string | Uint8Array> {
  try {
    return binary === undefined ? await readFile(path, "utf8") : new Uint8Array(await readFile(path));
  } catch (cause) {
    throw new UserError(`cannot read ${what} ${path} (${(cause as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (cause as Error).message})`, 1, { cause });
  }
}

/** The package.json beside hub.yaml, whose name and version hub.yaml may leave out. */
async function readPackageJson(dir: string): Promise<Record<string, unknown>> {
  const path = join(dir, "package.json");
  try {
    const json = JSON.parse(await readFileOrExplain(path, "the project's")) as unknown;
    return typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {};
  } catch (cause) {
    if (cause instanceof UserError) return {};
    throw new UserError(`${path} is not JSON`, 1, { cause });
  }
}

/** Where `sm build` / `cdk build` put the artifact: dist/<package name without scope>.wasm, or dist/connector.js. */
function artifactPath(dir: string, kind: HubManifest["kind"], packageJson: Record<string, unknown>, manifestName: string): string {
  if (kind === "connector") return join(dir, "dist", "connector.js");
  const projectName = typeof packageJson["name"] === "string" ? packageJson["name"].replace(/^@[^/]+\//, "") : manifestName;
  return join(dir, "dist", `${projectName}.wasm`);
}

/**
 * Reads a project's hub.yaml and package.json, builds its artifact when it is missing or older
 * than its sources, and completes the manifest with what the artifact says about itself.
 */
export async function preparePackage(projectDir: string, builders: Builders): Promise<PreparedPackage> {
  const dir = resolve(projectDir);
  const packageJson = await readPackageJson(dir);
  const yaml = parseHubYaml(await readFileOrExplain(join(dir, HUB_YAML), "the Hub description"), packageJson);
  if (!yaml.ok) throw new UserError(yaml.message);
  const partial = yaml.value;
  const artifact = artifactPath(dir, partial.kind, packageJson, partial.name);
  const built = await needsBuild(dir, artifact);
  if (built) await (partial.kind === "smartmodule" ? builders.buildSmartModule(dir) : builders.buildConnector(dir));
  const bytes = await readFileOrExplain(artifact, "the built artifact", "binary");
  const facts = partial.kind === "smartmodule" ? await inspectSmartModule(partial.name, bytes) : await inspectConnector(artifact);
  const manifest = parseManifest({ ...partial, ...facts });
  if (!manifest.ok) throw new UserError(manifest.message);
  const readme = await readFile(join(dir, yaml.readmePath), "utf8").catch((cause: NodeJS.ErrnoException) => {
    // A package without a README is published without one; a README that cannot be read is an error.
    if (cause.code === "ENOENT") return "";
    throw new UserError(`cannot read the README ${join(dir, yaml.readmePath)} (${cause.message})`, 1, { cause });
  });
  return { manifest: manifest.value, artifact: bytes, readme, built };
}

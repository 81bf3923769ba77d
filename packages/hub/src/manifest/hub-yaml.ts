import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { hubManifestBaseSchema, manifestBaseShape, type HubManifestBase } from "./schema.js";
import { issueEnding, sentenceOf } from "./sentence.js";

/** The file a publisher keeps in the project directory, next to package.json. */
export const HUB_YAML = "hub.yaml";
const DEFAULT_README = "README.md";

/** hub.yaml may leave out what package.json already says, and the keywords. */
const hubYamlSchema = z.strictObject({
  ...manifestBaseShape,
  name: manifestBaseShape.name.optional(),
  version: manifestBaseShape.version.optional(),
  keywords: manifestBaseShape.keywords.optional(),
  readme: z
    .string()
    .min(1)
    .max(200)
    .regex(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))/, "must be a path inside the project directory")
    .optional(),
});

const packageJsonSchema = z.looseObject({ name: z.string().optional(), version: z.string().optional() });

export type HubYamlResult = { readonly ok: true; readonly value: HubManifestBase; readonly readmePath: string } | { readonly ok: false; readonly message: string };

/**
 * Reads hub.yaml into the manifest's common part; the CLI adds the `smartmodule` or `connector`
 * section by inspecting the built artifact, so what a manifest says about the code is never typed by
 * hand. `name` and `version` default to package.json's (an npm scope is dropped: `@acme/hot` → `hot`).
 * `readmePath` is relative to the project directory.
 */
export function parseHubYaml(text: string, packageJson: unknown): HubYamlResult {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    return { ok: false, message: `${HUB_YAML} is not valid YAML: ${reason.replace(/[.:]$/, "")}.` };
  }
  const parsed = hubYamlSchema.safeParse(document ?? {}, { error: issueEnding });
  if (!parsed.success) return { ok: false, message: sentenceOf(parsed.error.issues, HUB_YAML) };
  const { readme, ...fields } = parsed.data;
  const project = packageJsonSchema.safeParse(packageJson ?? {});
  const fromPackageJson = project.success ? project.data : {};
  const name = fields.name ?? fromPackageJson.name?.replace(/^@[^/]+\//, "");
  const version = fields.version ?? fromPackageJson.version;
  if (name === undefined) return { ok: false, message: `${HUB_YAML} names no package: set "name" in ${HUB_YAML} or package.json.` };
  if (version === undefined) return { ok: false, message: `${HUB_YAML} gives no version: set "version" in ${HUB_YAML} or package.json.` };
  const manifest = hubManifestBaseSchema.safeParse({ ...fields, name, version, keywords: fields.keywords ?? [] }, { error: issueEnding });
  if (!manifest.success) return { ok: false, message: sentenceOf(manifest.error.issues, `The manifest built from ${HUB_YAML} and package.json`) };
  return { ok: true, value: manifest.data, readmePath: readme ?? DEFAULT_README };
}

export { hubManifestSchema, hubManifestBaseSchema, PACKAGE_KINDS, MODULE_KINDS, PARAMETER_TYPES, type HubManifest, type HubManifestBase, type PackageKind } from "./schema.js";
export { parseManifest, type ManifestResult } from "./parse-manifest.js";
export { canonicalManifestJson, manifestDigest } from "./canonical.js";
export { parseHubYaml, HUB_YAML, type HubYamlResult } from "./hub-yaml.js";

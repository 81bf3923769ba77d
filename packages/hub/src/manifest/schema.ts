import { z } from "zod";
import { groupProblem, packageNameProblem, versionProblem } from "../names/rules.js";

export const PACKAGE_KINDS = ["smartmodule", "connector"] as const;
export type PackageKind = (typeof PACKAGE_KINDS)[number];

/** The engine's SmartModule kinds (`@freshet/smartmodule`'s SMART_MODULE_KINDS), kept here so the hub stays free of the runtime. */
export const MODULE_KINDS = ["filter", "map", "filter-map", "array-map", "aggregate"] as const;
/** The parameter types a SmartModule can declare (`@freshet/smartmodule`'s PARAM_TYPES). */
export const PARAMETER_TYPES = ["string", "integer", "number", "boolean", "list"] as const;

/** A refinement whose message is the rule's own sentence, which names the value. */
function checkedBy(problem: (value: string) => string | null) {
  return z.string().superRefine((value, context) => {
    const message = problem(value);
    if (message !== null) context.addIssue({ code: "custom", message });
  });
}

const parameterSchema = z.strictObject({
  type: z.enum(PARAMETER_TYPES),
  description: z.string().max(1000).optional(),
  default: z.string().max(10_000).optional(),
});

const smartModuleSectionSchema = z.strictObject({
  world: z.string().min(1).max(200),
  moduleKind: z.enum(MODULE_KINDS),
  parameters: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), parameterSchema),
});

const connectorSectionSchema = z.strictObject({
  direction: z.enum(["source", "sink"]),
  configSchema: z.record(z.string(), z.unknown()),
});

/**
 * What describes a package apart from its artifact: the fields a publisher writes in hub.yaml.
 * No field transforms or defaults its input, so a parsed manifest is the manifest that was sent
 * and its digest (what the signature covers) is the same on every side that parses it.
 */
export const manifestBaseShape = {
  group: checkedBy(groupProblem),
  name: checkedBy(packageNameProblem),
  version: checkedBy(versionProblem),
  kind: z.enum(PACKAGE_KINDS),
  description: z.string().min(1).max(300).regex(/\S/, "must not be blank"),
  license: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9(][A-Za-z0-9.+:() -]*$/, "must be an SPDX license expression such as MIT or Apache-2.0"),
  repository: z
    .url({ protocol: /^https?$/, error: "must be an http or https URL" })
    .max(500)
    .optional(),
  keywords: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "must be 1 to 32 lowercase letters, digits or hyphens")).max(10),
  visibility: z.enum(["public", "private"]),
};

export const hubManifestBaseSchema = z.strictObject(manifestBaseShape);
export type HubManifestBase = z.infer<typeof hubManifestBaseSchema>;

/** A package's manifest: exactly one of `smartmodule` and `connector`, the one its kind names. */
export const hubManifestSchema = z
  .strictObject({ ...manifestBaseShape, smartmodule: smartModuleSectionSchema.optional(), connector: connectorSectionSchema.optional() })
  .superRefine((manifest, context) => {
    const [needed, forbidden] = manifest.kind === "smartmodule" ? (["smartmodule", "connector"] as const) : (["connector", "smartmodule"] as const);
    const label = manifest.kind === "smartmodule" ? "A SmartModule" : "A connector";
    if (manifest[needed] === undefined) context.addIssue({ code: "custom", path: [needed], message: `${label} package's manifest needs a "${needed}" section.` });
    if (manifest[forbidden] !== undefined) context.addIssue({ code: "custom", path: [forbidden], message: `${label} package's manifest cannot have a "${forbidden}" section.` });
  });

export type HubManifest = z.infer<typeof hubManifestSchema>;

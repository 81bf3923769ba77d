/*
 * Checks rendered manifests: each object validated against its kubernetes-models schema (types,
 * required fields, enums), and the rules the schemas cannot say: no secret value in a manifest
 * (Secret data, or a literal `value` of a secret-named env var), every image pinned to a tag or
 * digest, and no placeholder of the base left unfilled by the overlay.
 */
import { looksSecret } from "../secret-names.js";
import { modelFor } from "./models.js";
import type { KubernetesObject } from "./render.js";

export interface ManifestViolation {
  /** "Kind namespace/name". */
  readonly object: string;
  readonly message: string;
}

export interface ManifestRules {
  /** A marker the base puts where each overlay must write its own value. */
  readonly placeholder?: string;
}

function describe(object: KubernetesObject): string {
  const kind = typeof object.kind === "string" ? object.kind : "(no kind)";
  const name = typeof object.metadata?.name === "string" ? object.metadata.name : "(no name)";
  return typeof object.metadata?.namespace === "string" ? `${kind} ${object.metadata.namespace}/${name}` : `${kind} ${name}`;
}

interface Container {
  readonly name?: unknown;
  readonly image?: unknown;
  readonly env?: ReadonlyArray<{ readonly name?: unknown; readonly value?: unknown }>;
}

/** Containers of a pod template or pod, wherever the workload keeps them. */
function containersOf(object: KubernetesObject): Container[] {
  const spec = object["spec"] as { template?: { spec?: unknown }; jobTemplate?: { spec?: { template?: { spec?: unknown } } } } | undefined;
  const podSpec = (object.kind === "Pod" ? spec : (spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec)) as { containers?: Container[]; initContainers?: Container[] } | undefined;
  return [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])];
}

/** A digest, or a tag other than latest on the last path segment (a registry's :port is not a tag). */
function imagePinned(image: unknown): boolean {
  if (typeof image !== "string") return false;
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const tag = /:([\w][\w.-]*)$/.exec(image.slice(image.lastIndexOf("/") + 1))?.[1];
  return tag !== undefined && tag !== "latest";
}

function schemaViolation(object: KubernetesObject): string | undefined {
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") return "has no apiVersion or kind.";
  const Model = modelFor(object.apiVersion, object.kind);
  if (!Model) return `has no kubernetes-models schema for ${object.apiVersion} ${object.kind}, so it cannot be validated.`;
  try {
    new Model(object).validate();
    return undefined;
  } catch (error) {
    return `does not match its schema: ${error instanceof Error ? error.message : String(error)}.`;
  }
}

export function validateManifests(objects: readonly KubernetesObject[], rules: ManifestRules = {}): ManifestViolation[] {
  const violations: ManifestViolation[] = [];
  for (const object of objects) {
    const at = describe(object);
    const report = (message: string) => violations.push({ object: at, message });
    const schema = schemaViolation(object);
    if (schema) report(schema);
    if (object.kind === "Secret" && (object["data"] !== undefined || object["stringData"] !== undefined)) {
      report("carries secret values in the manifests; secrets come from Secret Manager through External Secrets.");
    }
    for (const container of containersOf(object)) {
      for (const variable of container.env ?? []) {
        if (typeof variable.name === "string" && looksSecret(variable.name) && variable.value !== undefined) {
          report(`container ${String(container.name)} sets ${variable.name} to a literal value; use secretKeyRef.`);
        }
      }
      if (!imagePinned(container.image)) {
        report(`container ${String(container.name)} uses image ${String(container.image)} without a pinned tag or digest.`);
      }
    }
    if (rules.placeholder !== undefined && JSON.stringify(object).includes(rules.placeholder)) {
      report(`still holds the placeholder "${rules.placeholder}" that the overlay must replace.`);
    }
  }
  return violations;
}

/* The tree declares what the cloud needs: a policy built from a list of required resource types. */
import { typed, type Body, type ResourceBlock } from "../blocks.js";
import type { Policy } from "../policy.js";

export interface RequiredResource {
  /** Resource type, e.g. google_container_node_pool. */
  readonly type: string;
  /** What it is for, said in the violation. */
  readonly purpose: string;
  /** A nested attribute path the resource must set, e.g. ["node_config", "taint"]. */
  readonly having?: readonly string[];
}

function has(body: unknown, path: readonly string[]): boolean {
  if (path.length === 0) return body !== undefined && body !== null;
  const items = Array.isArray(body) ? body : [body];
  return items.some((item) => typeof item === "object" && item !== null && has((item as Body)[path[0]!], path.slice(1)));
}

export function requiredResources(required: readonly RequiredResource[]): Policy {
  return {
    id: "required-resources",
    title: `required resources present (${required.map((r) => r.type).join(", ")})`,
    check(tree) {
      const resources: ResourceBlock[] = tree.files.flatMap((file) => typed(file, "resource"));
      const violations = required
        .filter((need) => !resources.some((r) => r.type === need.type && (need.having === undefined || has(r.body, need.having))))
        .map((need) => ({
          file: "(tree)",
          message: `No ${need.type}${need.having ? ` setting ${need.having.join(".")}` : ""} is declared: ${need.purpose} is missing.`,
        }));
      return { checked: required.length, violations };
    },
  };
}

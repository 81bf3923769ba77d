/*
 * Every module pins what it runs on: a `terraform` block with `required_version`, and every provider
 * it uses declared in `required_providers` with a source and an exact or pessimistic (`~>`) version,
 * the same constraint wherever the provider appears. Otherwise `terraform init` takes whatever major
 * version is newest that day.
 */
import { isRecord, labelled, typed, unlabelled, type Body } from "../blocks.js";
import type { Policy, Violation } from "../policy.js";

const PINNED = /^\s*(?:=\s*)?\d+\.\d+\.\d+\s*$|^\s*~>\s*\d+\.\d+(?:\.\d+)?\s*$/;

/** The provider a resource or data source belongs to: its `provider` meta-argument, else its type's prefix. */
function providerOf(type: string, body: Body): string {
  const meta = body["provider"];
  if (typeof meta === "string") return meta.replace(/^\$\{|\}$/g, "").split(".")[0]!;
  return type.split("_")[0]!;
}

function where(module: string): string {
  return module === "" ? "the root module" : `module ${module}`;
}

export const terraformSettings: Policy = {
  id: "terraform-settings",
  title: "required_version set and every provider pinned (exact or ~>) in required_providers",
  check(tree) {
    const violations: Violation[] = [];
    const constraints = new Map<string, { version: string; file: string }>();
    let checked = 0;
    for (const [module, files] of tree.modules) {
      const settings = files.flatMap((file) => unlabelled(file.body, "terraform").map((body) => ({ file: file.path, body })));
      const first = files[0]!.path;
      if (settings.length !== 1) {
        violations.push({ file: first, message: `${where(module)} has ${settings.length} terraform blocks; it needs exactly one, with required_version and required_providers.` });
        continue;
      }
      const { file, body } = settings[0]!;
      checked += 1;
      const requiredVersion = body["required_version"];
      if (typeof requiredVersion !== "string" || requiredVersion.trim() === "") {
        violations.push({ file, message: `${where(module)} does not set required_version.` });
      }
      const declared = new Map<string, Body>();
      for (const block of Array.isArray(body["required_providers"]) ? body["required_providers"] : []) {
        if (!isRecord(block)) continue;
        for (const [name, requirement] of Object.entries(block)) if (isRecord(requirement)) declared.set(name, requirement);
      }
      for (const [name, requirement] of declared) {
        checked += 1;
        const { source, version } = requirement;
        if (typeof source !== "string") violations.push({ file, message: `Provider ${name} in ${where(module)} has no source.` });
        if (typeof version !== "string" || !PINNED.test(version)) {
          violations.push({ file, message: `Provider ${name} in ${where(module)} is not pinned: version ${JSON.stringify(version ?? null)} is neither exact nor "~> x.y".` });
          continue;
        }
        const key = typeof source === "string" ? source : name;
        const seen = constraints.get(key);
        if (!seen) constraints.set(key, { version, file });
        else if (seen.version !== version) {
          violations.push({ file, message: `Provider ${key} is pinned to "${version}" here but to "${seen.version}" in ${seen.file}; use one constraint.` });
        }
      }
      const used = new Set<string>();
      for (const f of files) {
        for (const block of [...typed(f, "resource"), ...typed(f, "data")]) used.add(providerOf(block.type, block.body));
        for (const block of labelled(f, "provider")) used.add(block.name);
      }
      for (const name of used) {
        if (name === "terraform") continue; // terraform_data and terraform_remote_state are built in.
        if (!declared.has(name)) violations.push({ file, message: `${where(module)} uses provider ${name} without declaring it in required_providers.` });
      }
    }
    return { checked, violations };
  },
};

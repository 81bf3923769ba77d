/*
 * An output that carries a secret is marked `sensitive`, so plans and CI logs never print it. An
 * output carries one when its name says so or its value reads a generated password
 * (random_password), a secret-named attribute (`.password`, `.auth_string`), a sensitive variable,
 * a sensitive output of a child module, or a local derived from any of those. Terraform itself
 * refuses the last three at plan time; this check says so without a terraform binary.
 */
import { posix } from "node:path";
import { attributes, labelled, unlabelled } from "../blocks.js";
import { looksSecret } from "../../secret-names.js";
import type { Policy, TerraformTree, Violation } from "../policy.js";

const GENERATED = /\brandom_password\.[\w-]+(?:\[[^\]]*\])?\.(?:result|bcrypt_hash)\b/;

interface Scope {
  readonly sensitiveVariables: ReadonlySet<string>;
  /** Child module name → its outputs marked sensitive. */
  readonly sensitiveModuleOutputs: ReadonlyMap<string, ReadonlySet<string>>;
  readonly secretLocals: ReadonlySet<string>;
}

function readsSecret(text: string, scope: Scope): boolean {
  if (GENERATED.test(text)) return true;
  for (const match of text.matchAll(/\b(var|local|module)\.([\w-]+)(?:\.([\w-]+))?/g)) {
    const [, kind, name, member] = match;
    if (kind === "var" && scope.sensitiveVariables.has(name!)) return true;
    if (kind === "local" && scope.secretLocals.has(name!)) return true;
    if (kind === "module" && member !== undefined && scope.sensitiveModuleOutputs.get(name!)?.has(member)) return true;
  }
  for (const match of text.matchAll(/\.([A-Za-z_][\w-]*)/g)) if (looksSecret(match[1]!)) return true;
  return false;
}

function sensitiveOutputsOf(tree: TerraformTree, module: string): Set<string> {
  const names = new Set<string>();
  for (const file of tree.modules.get(module) ?? []) {
    for (const output of labelled(file, "output")) if (output.body["sensitive"] === true) names.add(output.name);
  }
  return names;
}

function scopeOf(tree: TerraformTree, module: string): Scope {
  const files = tree.modules.get(module) ?? [];
  const sensitiveVariables = new Set<string>();
  const sensitiveModuleOutputs = new Map<string, Set<string>>();
  const localValues = new Map<string, string>();
  for (const file of files) {
    for (const variable of labelled(file, "variable")) if (variable.body["sensitive"] === true) sensitiveVariables.add(variable.name);
    for (const child of labelled(file, "module")) {
      const source = child.body["source"];
      if (typeof source === "string" && source.startsWith(".")) {
        sensitiveModuleOutputs.set(child.name, sensitiveOutputsOf(tree, posix.normalize(posix.join(module, source))));
      }
    }
    for (const locals of unlabelled(file.body, "locals")) {
      for (const [name, value] of Object.entries(locals)) localValues.set(name, JSON.stringify(value));
    }
  }
  // Locals may read each other in any order: spread the taint until nothing changes.
  const secretLocals = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, text] of localValues) {
      if (!secretLocals.has(name) && readsSecret(text, { sensitiveVariables, sensitiveModuleOutputs, secretLocals })) {
        secretLocals.add(name);
        grew = true;
      }
    }
  }
  return { sensitiveVariables, sensitiveModuleOutputs, secretLocals };
}

export const sensitiveOutputs: Policy = {
  id: "sensitive-outputs",
  title: "outputs that carry secrets are marked sensitive",
  check(tree) {
    const violations: Violation[] = [];
    let checked = 0;
    for (const module of tree.modules.keys()) {
      const scope = scopeOf(tree, module);
      for (const file of tree.modules.get(module)!) {
        for (const output of labelled(file, "output")) {
          checked += 1;
          const values = [...attributes({ value: output.body["value"] })].map((a) => a.value).filter((v): v is string => typeof v === "string");
          const secret = looksSecret(output.name) || values.some((text) => readsSecret(text, scope));
          if (secret && output.body["sensitive"] !== true) {
            violations.push({ file: file.path, message: `Output ${output.name} carries a secret but is not marked sensitive.` });
          }
        }
      }
    }
    return { checked, violations };
  },
};

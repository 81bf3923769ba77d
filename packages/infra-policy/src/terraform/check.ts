import { loadTerraformTree } from "./load.js";
import { noLiteralSecrets } from "./policies/no-literal-secrets.js";
import { requiredResources, type RequiredResource } from "./policies/required-resources.js";
import { sensitiveOutputs } from "./policies/sensitive-outputs.js";
import { terraformSettings } from "./policies/terraform-settings.js";
import { variablesDocumented } from "./policies/variables-documented.js";
import { treeOf, type Policy, type PolicyResult } from "./policy.js";
import type { TerraformFile } from "./load.js";

export interface PolicyReport {
  readonly files: number;
  readonly modules: number;
  readonly results: ReadonlyArray<PolicyResult & { readonly id: string; readonly title: string }>;
}

export function policiesFor(required: readonly RequiredResource[]): Policy[] {
  return [terraformSettings, variablesDocumented, noLiteralSecrets, sensitiveOutputs, requiredResources(required)];
}

export function checkTerraform(files: readonly TerraformFile[], policies: readonly Policy[]): PolicyReport {
  const tree = treeOf(files);
  return {
    files: files.length,
    modules: tree.modules.size,
    results: policies.map((policy) => ({ id: policy.id, title: policy.title, ...policy.check(tree) })),
  };
}

/** Parses every `.tf` file under `root` and runs the policies on them. */
export async function checkTerraformTree(root: string, policies: readonly Policy[]): Promise<PolicyReport> {
  return checkTerraform(await loadTerraformTree(root), policies);
}

export function passed(report: PolicyReport): boolean {
  return report.results.every((result) => result.violations.length === 0);
}

/** The report as printed by the CLI and quoted in closing notes. */
export function formatReport(report: PolicyReport): string {
  const lines = [`terraform policy check: ${report.files} files in ${report.modules} modules, parsed with @cdktf/hcl2json`];
  for (const result of report.results) {
    const mark = result.violations.length === 0 ? "PASS" : "FAIL";
    lines.push(`${mark} ${result.id}: ${result.title} (${result.checked} checked)`);
    for (const violation of result.violations) lines.push(`  - ${violation.file}: ${violation.message}`);
  }
  const failures = report.results.reduce((sum, result) => sum + result.violations.length, 0);
  lines.push(failures === 0 ? "all policies pass" : `${failures} violation${failures === 1 ? "" : "s"}`);
  return lines.join("\n");
}

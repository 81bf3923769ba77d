/*
 * Prints the infrastructure checks CI runs: the Terraform policy report over infra/terraform and
 * the validation of every infra/kubernetes overlay. Exits 1 when anything fails.
 *
 *   npm run check -w packages/infra-policy [-- <path to infra/>]
 */
import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { renderKustomization, validateManifests } from "./kubernetes/index.js";
import { checkTerraformTree, formatReport, FRESHET_REQUIRED_RESOURCES, passed, policiesFor } from "./terraform/index.js";

const infra = resolve(process.argv[2] ?? fileURLToPath(new URL("../../../infra", import.meta.url)));

const print = (line: string) => process.stdout.write(`${line}\n`);

async function checkOverlays(): Promise<boolean> {
  const root = join(infra, "kubernetes", "overlays");
  const overlays = (await readdir(root, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  let ok = true;
  for (const overlay of overlays.sort()) {
    const { objects } = await renderKustomization(join(root, overlay));
    const violations = validateManifests(objects, { placeholder: "set-by-overlay" });
    ok &&= violations.length === 0;
    const kinds = [...new Set(objects.map((object) => String(object.kind)))].sort().join(", ");
    print(`${violations.length === 0 ? "PASS" : "FAIL"} overlay ${overlay}: ${objects.length} objects (${kinds}) valid against kubernetes-models`);
    for (const violation of violations) print(`  - ${violation.object}: ${violation.message}`);
  }
  return ok;
}

try {
  const report = await checkTerraformTree(join(infra, "terraform"), policiesFor(FRESHET_REQUIRED_RESOURCES));
  print(formatReport(report));
  print("");
  const overlaysOk = await checkOverlays();
  process.exitCode = passed(report) && overlaysOk ? 0 : 1;
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

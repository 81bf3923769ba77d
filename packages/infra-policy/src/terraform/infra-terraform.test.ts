/*
 * The policies over the real infra/terraform, and over a copy of it broken on purpose, so a
 * regression in a policy (one that stops seeing the tree's secrets or pins) fails here too.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkTerraformTree, formatReport, passed, policiesFor } from "./check.js";
import { FRESHET_REQUIRED_RESOURCES } from "./freshet-requirements.js";

const TERRAFORM = fileURLToPath(new URL("../../../../infra/terraform", import.meta.url));
const policies = policiesFor(FRESHET_REQUIRED_RESOURCES);

it("infra/terraform passes every policy, each having looked at something", async () => {
  const report = await checkTerraformTree(TERRAFORM, policies);
  expect(formatReport(report)).toMatch(/all policies pass$/);
  expect(passed(report)).toBe(true);
  expect(report.modules).toBeGreaterThanOrEqual(11);
  for (const result of report.results) expect(result.checked, result.id).toBeGreaterThan(0);
});

describe("a copy of infra/terraform broken on purpose", () => {
  let copy: string;
  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), "freshet-terraform-"));
    await cp(TERRAFORM, copy, { recursive: true });
  });
  afterAll(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  async function edit(path: string, from: string | RegExp, to: string): Promise<void> {
    const file = join(copy, path);
    const text = await readFile(file, "utf8");
    const edited = text.replace(from, to);
    expect(edited, `${path} has no ${String(from)} to replace`).not.toBe(text);
    await writeFile(file, edited);
  }

  it("fails with a literal password, an unpinned provider, an undocumented variable, a bare sensitive output and no node pool taint", async () => {
    await edit("modules/postgres/main.tf", "password = random_password.user.result", 'password = "correct-horse-battery-staple"');
    await edit("modules/redis/versions.tf", 'version = "~> 7.0"', 'version = ">= 7.0"');
    await edit("modules/storage/variables.tf", /\n {2}description = "Google Cloud project of the bucket."/, "");
    await edit("stack/outputs.tf", /(output "database_url" \{[^}]*?)\n {2}sensitive {3}= true/, "$1");
    await edit("modules/gke/main.tf", /\n {4}taint \{[^}]*\}/, "");

    const report = await checkTerraformTree(copy, policies);
    const violations = report.results.flatMap((result) => result.violations.map((violation) => `${result.id}: ${violation.file}: ${violation.message}`));
    expect(violations.sort()).toEqual(
      [
        "no-literal-secrets: modules/postgres/main.tf: resource.google_sql_user.this.password is a secret written as a literal; generate it (random_password) or read it from a secret manager.",
        'terraform-settings: modules/redis/versions.tf: Provider google in module modules/redis is not pinned: version ">= 7.0" is neither exact nor "~> x.y".',
        "variables-documented: modules/storage/variables.tf: Variable project_id has no description.",
        "sensitive-outputs: stack/outputs.tf: Output database_url carries a secret but is not marked sensitive.",
        "required-resources: (tree): No google_container_node_pool setting node_config.taint is declared: the tenant SPU pool is missing.",
      ].sort(),
    );
  });
});

import { describe, expect, it } from "vitest";
import { checkTerraform, policiesFor, type PolicyReport } from "./check.js";
import { parseTerraform, TerraformParseError, type TerraformFile } from "./load.js";
import type { RequiredResource } from "./policies/required-resources.js";

const SETTINGS = `
terraform {
  required_version = "~> 1.9"
  required_providers {
    google = { source = "hashicorp/google", version = "~> 7.0" }
    random = { source = "hashicorp/random", version = "3.7.2" }
  }
}
`;

/** Parses `{ "dir/file.tf": text }` into a tree. */
async function tree(sources: Record<string, string>): Promise<TerraformFile[]> {
  return Promise.all(
    Object.entries(sources).map(async ([path, text]) => ({
      path,
      module: path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "",
      body: await parseTerraform(path, text),
    })),
  );
}

async function check(sources: Record<string, string>, required: readonly RequiredResource[] = []): Promise<PolicyReport> {
  return checkTerraform(await tree(sources), policiesFor(required));
}

/** The messages of one policy, in any order (hcl2json sorts a body's keys). */
function expectMessages(report: PolicyReport, id: string, expected: string[]): void {
  const actual = report.results.find((result) => result.id === id)!.violations.map((violation) => violation.message);
  expect(actual.sort()).toEqual([...expected].sort());
}

describe("terraform-settings", () => {
  it("passes exact and pessimistic pins that agree across modules", async () => {
    const report = await check({ "a/versions.tf": SETTINGS, "b/versions.tf": SETTINGS, "b/main.tf": `resource "random_password" "p" { length = 32 }` });
    expectMessages(report, "terraform-settings", []);
    expect(report.results[0]!.checked).toBe(6);
  });

  it("fails an unpinned provider, a missing required_version and a provider used but not declared", async () => {
    const report = await check({
      "versions.tf": `terraform {
        required_providers {
          google = { source = "hashicorp/google", version = ">= 7.0" }
        }
      }`,
      "main.tf": `resource "random_password" "p" { length = 32 }`,
    });
    expectMessages(report, "terraform-settings", [
      "the root module does not set required_version.",
      'Provider google in the root module is not pinned: version ">= 7.0" is neither exact nor "~> x.y".',
      "the root module uses provider random without declaring it in required_providers.",
    ]);
  });

  it("fails a provider without a version, a module without a terraform block and two constraints for one provider", async () => {
    const report = await check({
      "a/versions.tf": SETTINGS,
      "b/versions.tf": SETTINGS.replace('"~> 7.0"', '"~> 6.0"'),
      "c/main.tf": `variable "x" {
        type        = string
        description = "x"
      }`,
      "d/versions.tf": `terraform {
        required_version = "~> 1.9"
        required_providers {
          google = { source = "hashicorp/google" }
        }
      }`,
    });
    expectMessages(report, "terraform-settings", [
      'Provider hashicorp/google is pinned to "~> 6.0" here but to "~> 7.0" in a/versions.tf; use one constraint.',
      "module c has 0 terraform blocks; it needs exactly one, with required_version and required_providers.",
      'Provider google in module d is not pinned: version null is neither exact nor "~> x.y".',
    ]);
  });
});

describe("variables-documented", () => {
  it("fails a variable without a type or a description", async () => {
    const report = await check({
      "versions.tf": SETTINGS,
      "variables.tf": `
        variable "documented" {
          type        = number
          description = "Fine."
        }
        variable "untyped" { description = "No type." }
        variable "undocumented" { type = string }
        variable "blank" {
          type        = string
          description = " "
        }`,
    });
    expectMessages(report, "variables-documented", ["Variable untyped has no type.", "Variable undocumented has no description.", "Variable blank has no description."]);
  });
});

describe("no-literal-secrets", () => {
  it("fails secrets written as literals in resources, locals, nested maps and providers", async () => {
    const report = await check({
      "versions.tf": SETTINGS,
      "main.tf": `
        resource "google_sql_user" "u" {
          name     = "freshet"
          instance = "db"
          password = "hunter2-hunter2"
        }
        locals {
          env = { BETTER_AUTH_SECRET = "0123456789abcdef0123456789abcdef" }
        }
        provider "google" {
          access_token = "ya29.literal"
        }
        resource "google_secret_manager_secret_version" "k" {
          secret      = google_secret_manager_secret.s.id
          secret_data = <<-EOT
            -----BEGIN PRIVATE KEY-----
            MIIB
            -----END PRIVATE KEY-----
          EOT
        }`,
    });
    expectMessages(report, "no-literal-secrets", [
      "resource.google_sql_user.u.password is a secret written as a literal; generate it (random_password) or read it from a secret manager.",
      "resource.google_secret_manager_secret_version.k.secret_data contains a private key.",
      "locals.env.BETTER_AUTH_SECRET is a secret written as a literal; generate it (random_password) or read it from a secret manager.",
      "provider.google.access_token is a secret written as a literal; generate it (random_password) or read it from a secret manager.",
    ]);
  });

  it("fails a secret variable that is not sensitive or has a default", async () => {
    const report = await check({
      "versions.tf": SETTINGS,
      "variables.tf": `
        variable "db_password" {
          type        = string
          description = "x"
          default     = "changeme"
        }`,
    });
    expectMessages(report, "no-literal-secrets", [
      "Variable db_password holds a secret but is not marked sensitive.",
      "Variable db_password holds a secret but has a default value written in the source.",
    ]);
  });

  it("passes generated secrets, references and names that only mention a secret", async () => {
    const report = await check({
      "versions.tf": SETTINGS,
      "main.tf": `
        resource "random_password" "db_password" { length = 40 }
        resource "google_sql_user" "u" {
          name     = "freshet"
          instance = "db"
          password = random_password.db_password.result
        }
        resource "google_secret_manager_secret" "s" {
          secret_id = "freshet-database-url"
          replication {
            auto {}
          }
        }
        resource "google_container_node_pool" "p" {
          cluster = "c"
          node_config {
            taint {
              key    = "freshet.io/pool"
              value  = "tenant-spu"
              effect = "NO_SCHEDULE"
            }
          }
        }
        variable "api_token" {
          type        = string
          description = "x"
          sensitive   = true
        }`,
    });
    expectMessages(report, "no-literal-secrets", []);
    expect(report.results.find((result) => result.id === "no-literal-secrets")!.checked).toBeGreaterThan(10);
  });
});

describe("sensitive-outputs", () => {
  it("fails outputs that carry a generated password, a secret attribute, a sensitive variable or a local derived from one", async () => {
    const report = await check({
      "versions.tf": SETTINGS,
      "main.tf": `
        resource "random_password" "p" { length = 40 }
        variable "url" {
          type        = string
          description = "x"
          sensitive   = true
        }
        locals {
          base = "postgresql://u:\${random_password.p.result}@db"
          url  = "\${local.base}/freshet"
        }
        output "generated" { value = random_password.p.result }
        output "attribute" { value = google_redis_instance.r.auth_string }
        output "variable" { value = var.url }
        output "derived" { value = local.url }
        output "named_password" { value = 1 }
        output "marked" {
          value     = local.url
          sensitive = true
        }
        output "harmless" { value = google_redis_instance.r.host }`,
    });
    expectMessages(
      report,
      "sensitive-outputs",
      ["generated", "attribute", "variable", "derived", "named_password"].map((name) => `Output ${name} carries a secret but is not marked sensitive.`),
    );
  });

  it("follows sensitive outputs of child modules by their relative source", async () => {
    const report = await check({
      "modules/db/versions.tf": SETTINGS,
      "modules/db/outputs.tf": `
        output "url" {
          value     = "x"
          sensitive = true
        }
        output "host" { value = "h" }`,
      "env/versions.tf": SETTINGS,
      "env/main.tf": `
        module "db" { source = "../modules/db" }
        output "url" { value = module.db.url }
        output "host" { value = module.db.host }`,
    });
    expectMessages(report, "sensitive-outputs", ["Output url carries a secret but is not marked sensitive."]);
  });
});

describe("required-resources", () => {
  const required: RequiredResource[] = [
    { type: "google_container_cluster", purpose: "the cluster" },
    { type: "google_container_node_pool", having: ["node_config", "taint"], purpose: "the tenant pool" },
  ];

  it("fails when a required resource is missing or lacks the required setting", async () => {
    const report = await check(
      {
        "versions.tf": SETTINGS,
        "main.tf": `resource "google_container_node_pool" "p" {
          cluster = "c"
          node_config { machine_type = "e2-standard-4" }
        }`,
      },
      required,
    );
    expectMessages(report, "required-resources", [
      "No google_container_cluster is declared: the cluster is missing.",
      "No google_container_node_pool setting node_config.taint is declared: the tenant pool is missing.",
    ]);
  });

  it("passes when every required resource is declared somewhere in the tree", async () => {
    const report = await check(
      {
        "gke/versions.tf": SETTINGS,
        "gke/main.tf": `
          resource "google_container_cluster" "c" { name = "c" }
          resource "google_container_node_pool" "p" {
            cluster = google_container_cluster.c.id
            node_config {
              taint {
                key    = "k"
                value  = "v"
                effect = "NO_SCHEDULE"
              }
            }
          }`,
      },
      required,
    );
    expectMessages(report, "required-resources", []);
  });
});

it("rejects a file that is not HCL with an error naming the file", async () => {
  const error = await parseTerraform("broken.tf", `resource "x" "y" {`).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TerraformParseError);
  expect((error as Error).message).toMatch(/^broken\.tf is not valid HCL: /);
});

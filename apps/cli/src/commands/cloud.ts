import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { registerCloudBillingCommands } from "./cloud-billing.js";
import { registerCloudClusterCommands } from "./cloud-cluster.js";
import { registerCloudLogin } from "./cloud-login.js";

export function registerCloudCommands(program: Command, context: CliContext): void {
  const cloud = program.command("cloud").description("Freshet cloud: log in with an API key, manage clusters, connect to them, see usage, invoices and credits");
  registerCloudLogin(cloud, context);
  registerCloudClusterCommands(cloud, context);
  registerCloudBillingCommands(cloud, context);
}

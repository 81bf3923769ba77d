import type { Command } from "commander";
import { callApi, createCloudApi } from "../cloud/api-client.js";
import { saveCloudSettings } from "../cloud/cloud-config.js";
import { DEFAULT_API_URL, type CloudSettings } from "../cloud/cloud-settings.js";
import { readApiKey } from "../cloud/read-api-key.js";
import type { CliContext } from "../context.js";
import { parseOptions } from "../options/zod-options.js";
import { cloudLoginSchema } from "./cloud-options.js";

export function registerCloudLogin(cloud: Command, context: CliContext): void {
  cloud
    .command("login")
    .description("log in to Freshet cloud with an API key (from --api-key, FRESHET_API_KEY or stdin)")
    .option("--api-url <url>", `the control plane's address (default ${DEFAULT_API_URL})`)
    .option("--api-key <key>", "an API key (fsk_…) created in the console; prefer stdin or FRESHET_API_KEY")
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(cloudLoginSchema, raw);
      const settings: CloudSettings = { apiUrl: (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, ""), apiKey: await readApiKey(context, options.apiKey) };
      // Checked before saving, so a mistyped key never replaces a working login.
      const me = await callApi(settings, () => createCloudApi(settings).me.get.query());
      const org = me.organizations.find((o) => o.id === me.activeOrganizationId);
      await saveCloudSettings(context.env.home, settings);
      const scope = org === undefined ? "no organization" : `organization "${org.name}" (${org.slug}) as ${org.role}`;
      await context.stdout.write(`logged in to ${settings.apiUrl} as ${me.user.email}: ${scope}\n`);
    });
}

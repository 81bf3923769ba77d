import type { Command } from "commander";
import { callApi, createCloudApi } from "../cloud/api-client.js";
import { saveCloudSettings } from "../cloud/cloud-config.js";
import { DEFAULT_API_URL, type CloudSettings } from "../cloud/cloud-settings.js";
import { deviceLogin } from "../cloud/device-login.js";
import { readApiKey } from "../cloud/read-api-key.js";
import type { CliContext } from "../context.js";
import { EXIT_USAGE, UserError } from "../errors/user-error.js";
import { parseOptions } from "../options/zod-options.js";
import { cloudLoginSchema } from "./cloud-options.js";

export function registerCloudLogin(cloud: Command, context: CliContext): void {
  cloud
    .command("login")
    .description("log in to Freshet cloud: with an API key (--api-key, FRESHET_API_KEY or stdin), or as yourself with --device")
    .option("--api-url <url>", `the control plane's address (default ${DEFAULT_API_URL})`)
    .option("--api-key <key>", "an API key (fsk_…) created in the console; prefer stdin or FRESHET_API_KEY")
    .option("--device", "log in as yourself: approve a code in the console, in any browser")
    .option("--org <slug>", "with --device: the organization to work in (default: your first)")
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(cloudLoginSchema, raw);
      if (options.org !== undefined && options.device !== true) throw new UserError("--org goes with --device (an API key belongs to one organization)", EXIT_USAGE);
      if (options.device === true && options.apiKey !== undefined) throw new UserError("--device and --api-key are two ways to log in: pick one", EXIT_USAGE);
      const apiUrl = (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, "");
      if (options.device === true) return loginWithDevice(context, apiUrl, options.org);

      const settings: CloudSettings = { apiUrl, apiKey: await readApiKey(context, options.apiKey) };
      // Checked before saving, so a mistyped key never replaces a working login.
      const me = await callApi(settings, () => createCloudApi(settings).me.get.query());
      const org = me.organizations.find((o) => o.id === me.activeOrganizationId);
      await saveCloudSettings(context.env.home, settings);
      const scope = org === undefined ? "no organization" : `organization "${org.name}" (${org.slug}) as ${org.role}`;
      await context.stdout.write(`logged in to ${settings.apiUrl} as ${me.user.email}: ${scope}\n`);
    });
}

async function loginWithDevice(context: CliContext, apiUrl: string, orgSlug: string | undefined): Promise<void> {
  const sessionToken = await deviceLogin(apiUrl, async (prompt) => {
    await context.stdout.write(
      `To log in, open ${prompt.verificationUriComplete}\n` +
        `and check that it shows the code ${prompt.userCode} (or enter it at ${prompt.verificationUri}). It expires in ${Math.round(prompt.expiresInSeconds / 60)} minutes.\n`,
    );
  });
  const settings: CloudSettings = { apiUrl, sessionToken };
  const api = createCloudApi(settings);
  const me = await callApi(settings, () => api.me.get.query());
  const org = orgSlug === undefined ? me.organizations[0] : me.organizations.find((o) => o.slug === orgSlug);
  if (orgSlug !== undefined && org === undefined) {
    const yours = me.organizations.map((o) => o.slug).join(", ") || "none yet";
    throw new UserError(`you are not a member of an organization "${orgSlug}" (yours: ${yours})`);
  }
  // The session is this terminal's own: choosing its organization changes nothing in the browser.
  if (org !== undefined) await callApi(settings, () => api.orgs.setActive.mutate({ organizationId: org.id }));
  await saveCloudSettings(context.env.home, settings);
  const others = me.organizations.filter((o) => o !== org).map((o) => o.slug);
  const scope = org === undefined ? "no organization yet (create one in the console)" : `organization "${org.name}" (${org.slug}) as ${org.role}`;
  const hint = others.length > 0 ? `; --org picks another: ${others.join(", ")}` : "";
  await context.stdout.write(`logged in to ${apiUrl} as ${me.user.email}: ${scope}${hint}\n`);
}

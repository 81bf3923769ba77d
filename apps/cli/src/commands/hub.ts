import { createHash } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import type { Command } from "commander";
import { groupProblem, parseExactRef, parsePackageRef } from "@freshet/hub/names";
import { callApi, createCloudApi } from "../cloud/api-client.js";
import { requireCloudSettings } from "../cloud/cloud-config.js";
import { DEFAULT_API_URL } from "../cloud/cloud-settings.js";
import type { CliContext } from "../context.js";
import { EXIT_USAGE, UserError } from "../errors/user-error.js";
import { fetchVerifiedPackage } from "../hub/fetch-package.js";
import { callHub, createHubApi, hubTarget, requireLogin } from "../hub/hub-api.js";
import { uploadPackage } from "../hub/hub-http.js";
import { preparePackage } from "../hub/hub-project.js";
import { packageText, searchText, shortKey } from "../hub/hub-text.js";
import { readSigningKey, writeSigningKey } from "../hub/signing-key-file.js";
import { readConfig, writeConfig } from "../profile/config-file.js";
import { formatBytes } from "../output/byte-size.js";
import { parseOptions } from "../options/zod-options.js";
import { hubDownloadSchema, hubKeygenSchema, hubLoginSchema, hubSearchSchema, hubYankSchema } from "./hub-options.js";

/** `group/name@range` (or `group/name`, any version) from the command line, or a usage error saying what is wrong. */
export function packageQuery(text: string): { group: string; name: string; range: string } {
  const parsed = parsePackageRef(text);
  if (!parsed.ok) throw new UserError(parsed.message, EXIT_USAGE);
  return parsed.value;
}

function exactRef(text: string): { group: string; name: string; version: string } {
  const parsed = parseExactRef(text);
  if (!parsed.ok) throw new UserError(parsed.message, EXIT_USAGE);
  return parsed.value;
}

/** The build code of `sm build` and `cdk build`, loaded only when a publish has to build. */
const builders = {
  async buildSmartModule(dir: string): Promise<void> {
    const [{ buildProject, ProjectError }, { BuildError }] = await Promise.all([import("@freshet/smartmodule/smdk/build-project"), import("@freshet/smartmodule/build/build-module")]);
    try {
      await buildProject(dir);
    } catch (cause) {
      if (cause instanceof ProjectError || cause instanceof BuildError) throw new UserError(cause.message, 1, { cause });
      throw cause;
    }
  },
  async buildConnector(dir: string): Promise<void> {
    const { buildConnector, ConnectorBuildError } = await import("../cdk/build-connector.js");
    try {
      await buildConnector(dir);
    } catch (cause) {
      if (cause instanceof ConnectorBuildError) throw new UserError(cause.message, 1, { cause });
      throw cause;
    }
  },
};

/** Sigstore's libraries load with the commands that sign or verify: every other command would pay for them at start. */
const signing = () => import("@freshet/hub/signing");

export function registerHubCommands(program: Command, context: CliContext): void {
  const hub = program.command("hub").description("the Freshet Hub: publish, find and download signed SmartModules and connectors");
  const home = context.env.home;

  hub
    .command("login")
    .description("save a key that may publish to the Hub: a new one made with your cloud login, or --api-key")
    .option("--api-key <key>", "an API key (fsk_…) made in the console with “Can publish to the Hub”")
    .option("--api-url <url>", "with --api-key: the control plane's address (default: the cloud login's)")
    .option("--name <name>", "the new key's name (default: hub publishing on <this machine>)")
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(hubLoginSchema, raw);
      const config = await readConfig(home);
      if (options.apiKey !== undefined) {
        if (options.name !== undefined) throw new UserError("--name names a key made here; --api-key brings one made elsewhere: pick one", EXIT_USAGE);
        const apiUrl = (options.apiUrl ?? config.hub?.apiUrl ?? config.cloud?.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, "");
        const settings = { apiUrl, apiKey: options.apiKey };
        // Checked before saving, so a mistyped key never replaces a working one.
        const me = await callApi(settings, () => createCloudApi(settings).me.get.query());
        const org = me.organizations.find((o) => o.id === me.activeOrganizationId);
        await writeConfig(home, { ...config, hub: { ...config.hub, apiUrl, publishKey: options.apiKey } });
        return void (await context.stdout.write(`saved the Hub publishing key for ${org === undefined ? "its organization" : `organization "${org.name}" (${org.slug})`} at ${apiUrl}\n`));
      }
      if (options.apiUrl !== undefined) throw new UserError("--api-url goes with --api-key; without it the key is made at the cloud login's address", EXIT_USAGE);
      const settings = await requireCloudSettings(home);
      // API key names are at most 80 characters; a long host name is cut rather than refused.
      const name = options.name ?? `hub publishing on ${hostname()}`.slice(0, 80);
      const key = await callApi(settings, () => createCloudApi(settings).apiKeys.create.mutate({ name, role: "member", scopes: ["hub:publish"] }));
      await writeConfig(home, { ...(await readConfig(home)), hub: { ...config.hub, apiUrl: settings.apiUrl, publishKey: key.secret } });
      await context.stdout.write(`made the API key "${name}" (may publish to the Hub) and saved it for ${settings.apiUrl}\n`);
    });

  hub
    .command("claim")
    .description("claim a group name for your organization (organization admins): only it may publish group/… packages")
    .argument("<group>", "2-39 lowercase letters, digits and hyphens")
    .action(async (group: string) => {
      const problem = groupProblem(group);
      if (problem !== null) throw new UserError(problem, EXIT_USAGE);
      const target = await hubTarget(home);
      requireLogin(target);
      const api = createHubApi(target);
      await callHub(target, () => api.hub.groups.claim.mutate({ name: group }));
      await context.stdout.write(`group "${group}" is your organization's: publish ${group}/… packages to it\n`);
    });

  hub
    .command("keygen")
    .description("make an Ed25519 signing key: the private half stays here (0600), the public half is registered with your organization")
    .option("--name <name>", "the key's name in the organization (default: <this machine>)")
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(hubKeygenSchema, raw);
      const target = await hubTarget(home);
      requireLogin(target);
      const pair = (await signing()).generateKeyPair();
      const path = await writeSigningKey(home, pair.keyId, pair.privateKeyPem);
      const name = options.name ?? hostname();
      try {
        const api = createHubApi(target);
        await callHub(target, () => api.hub.keys.register.mutate({ name, publicKeyPem: pair.publicKeyPem }));
      } catch (error) {
        // A key the organization does not know could sign nothing it accepts.
        await rm(path, { force: true });
        throw error;
      }
      const config = await readConfig(home);
      await writeConfig(home, { ...config, hub: { ...config.hub, apiUrl: target.apiUrl, signingKey: { keyId: pair.keyId, privateKeyPath: path } } });
      await context.stdout.write(`registered signing key ${pair.keyId} as "${name}"; its private key is ${path} (keep it safe: it signs your packages)\n`);
    });

  hub
    .command("publish")
    .description("build (when dist/ is missing or older than src/), sign and publish the package described by DIR/hub.yaml")
    .argument("[dir]", "the project folder", ".")
    .action(async (dir: string) => {
      const config = await readConfig(home);
      const target = await hubTarget(home);
      if (target.publishKey === null) throw new UserError("no Hub publishing key — run `freshet hub login` first");
      const signingKey = config.hub?.signingKey;
      if (signingKey === undefined) throw new UserError("no signing key — make one with `freshet hub keygen`");
      const prepared = await preparePackage(dir, builders);
      const { manifest } = prepared;
      const ref = `${manifest.group}/${manifest.name}@${manifest.version}`;
      if (prepared.built) await context.stdout.write(`built ${manifest.kind === "smartmodule" ? "the SmartModule" : "the connector"} for ${ref}\n`);
      const artifactDigest = createHash("sha256").update(prepared.artifact).digest("hex");
      const bundle = await (await signing()).signPackage({ manifest, artifactDigest, privateKeyPem: await readSigningKey(signingKey.privateKeyPath) });
      const published = await uploadPackage(target.apiUrl, target.publishKey, { manifest, readme: prepared.readme, bundle, artifact: prepared.artifact });
      await context.stdout.write(
        `published ${published.group}/${published.name}@${published.version} (${manifest.kind}, ${manifest.visibility}, ${formatBytes(prepared.artifact.byteLength)}, digest ${published.digest.slice(0, 12)}, signed by key ${shortKey(signingKey.keyId)})\n`,
      );
    });

  hub
    .command("search")
    .description("find packages by name, description and keywords (without a term: the most downloaded)")
    .argument("[term]", "words to look for")
    .option("--kind <kind>", "smartmodule or connector")
    .option("--limit <n>", "at most this many (default 20)")
    .action(async (term: string | undefined, raw: Record<string, unknown>) => {
      const options = parseOptions(hubSearchSchema, raw);
      const target = await hubTarget(home);
      const api = createHubApi(target);
      const results = await callHub(target, () => api.hub.search.query({ q: term, kind: options.kind, limit: options.limit ?? 20 }));
      await context.stdout.write(searchText(results, term));
    });

  hub
    .command("info")
    .description("a package's versions (yanked ones with the reason), signing keys and downloads")
    .argument("<package>", "group/name")
    .action(async (text: string) => {
      const { group, name, range } = packageQuery(text);
      if (range !== "*") throw new UserError(`give the package as group/name, without a version: ${group}/${name}`, EXIT_USAGE);
      const target = await hubTarget(home);
      const api = createHubApi(target);
      await context.stdout.write(packageText(await callHub(target, () => api.hub.package.query({ group, name }))));
    });

  hub
    .command("download")
    .description("download the newest version matching a range, check its signature, and write it to a file")
    .argument("<package>", "group/name@range (e.g. acme/hot@^1.2; without @: the newest)")
    .option("-o, --output <file>", "where to write it (default: <name>-<version>.wasm, or .js for a connector)")
    .action(async (text: string, raw: Record<string, unknown>) => {
      const options = parseOptions(hubDownloadSchema, raw);
      const query = packageQuery(text);
      const pkg = await fetchVerifiedPackage(await hubTarget(home), query);
      const file = options.output ?? `${query.name}-${pkg.resolved.version}.${pkg.manifest.kind === "smartmodule" ? "wasm" : "js"}`;
      await writeFile(file, pkg.artifact);
      const yanked = pkg.resolved.yanked === null ? "" : ` — note: this version is yanked (${pkg.resolved.yanked.reason})`;
      await context.stdout.write(`downloaded ${pkg.ref} to ${file} (${formatBytes(pkg.artifact.byteLength)}, signature by key ${shortKey(pkg.resolved.keyId)} verified)${yanked}\n`);
    });

  hub
    .command("yank")
    .description("mark a version as not to be picked by ranges (it stays downloadable by its exact version); --undo takes that back")
    .argument("<version>", "group/name@version")
    .option("--reason <text>", "why, shown to everyone who looks at the version (needed unless --undo)")
    .option("--undo", "unyank the version")
    .action(async (text: string, raw: Record<string, unknown>) => {
      const options = parseOptions(hubYankSchema, raw);
      const ref = exactRef(text);
      if (options.undo !== true && options.reason === undefined) throw new UserError("say why with --reason: it is shown beside the yanked version", EXIT_USAGE);
      const target = await hubTarget(home);
      requireLogin(target);
      const api = createHubApi(target);
      if (options.undo === true) {
        await callHub(target, () => api.hub.unyank.mutate(ref));
        return void (await context.stdout.write(`${text} is no longer yanked\n`));
      }
      await callHub(target, () => api.hub.yank.mutate({ ...ref, reason: options.reason! }));
      await context.stdout.write(`yanked ${text}: ranges skip it; \`freshet hub download ${text}\` still gets it\n`);
    });
}

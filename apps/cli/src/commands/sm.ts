import type { Command } from "commander";
import type { SmartModuleInfo } from "@freshet/client/admin/smartmodules";
import { z } from "zod";
import { type CliContext, withClient } from "../context.js";
import { EXIT_USAGE, UserError } from "../errors/user-error.js";
import { formatBytes } from "../output/byte-size.js";
import { formatTable } from "../output/table.js";
import { parseOptions } from "../options/zod-options.js";
import { isHubReference } from "../hub/hub-reference.js";
import { loadFromHub, updateFromHub } from "../hub/sm-hub.js";
import type { ClientFlags } from "../profile/sasl-flags.js";
import { packageQuery } from "./hub.js";
import { addSmDevCommands } from "./sm-dev.js";
import { resolveModuleSource } from "./sm-source.js";

type Globals = () => ClientFlags;

const loadSchema = z.object({ name: z.string().min(1).optional() });

/** The digest shown in listings: enough to tell versions apart, as `docker images` does. */
const DIGEST_PREFIX = 12;

/** Where a module loaded from the Hub came from: its package and the range `sm update` follows. */
const hubColumn = (m: SmartModuleInfo): string => (m.provenance === null ? "-" : `${m.provenance.package} ${m.provenance.range ?? "(pinned)"}`);

function listText(modules: readonly SmartModuleInfo[]): string {
  if (modules.length === 0) return "no SmartModules loaded\n";
  // The HUB column only appears once a module came from the Hub: most clusters have none.
  const fromHub = modules.some((m) => m.provenance !== null);
  const rows = modules.map((m) => [m.name, m.version, m.kind, formatBytes(m.sizeBytes), m.digest.slice(0, DIGEST_PREFIX), ...(fromHub ? [hubColumn(m)] : []), m.description ?? ""]);
  return `${formatTable(["NAME", "VERSION", "KIND", "SIZE", "DIGEST", ...(fromHub ? ["HUB"] : []), "DESCRIPTION"], rows)}\n`;
}

/** NAME or NAME@VERSION. */
function parseTarget(text: string): { name: string; version?: string } {
  const at = text.lastIndexOf("@");
  if (at === 0 || at === text.length - 1) throw new UserError(`"${text}" is not NAME or NAME@VERSION`, EXIT_USAGE);
  return at < 0 ? { name: text } : { name: text.slice(0, at), version: text.slice(at + 1) };
}

export function registerSmCommands(program: Command, context: CliContext, globals: Globals): void {
  const sm = program.command("sm").description("build, test and manage SmartModules");

  sm.command("load")
    .description("register a SmartModule with the cluster: a .wasm file, a project directory (its dist/<name>.wasm), or group/name@range from the Hub")
    .argument("[path]", "a .wasm component, a SmartModule project directory, or a Hub package (group/name@^1.2)", ".")
    // Not --version: the program's own --version flag is recognized after subcommands too.
    .option("--name <name[@version]>", "register under this name and version (default: the project's package.json name and version, or the file's name)")
    .action(async (path: string, raw: Record<string, unknown>) => {
      const options = parseOptions(loadSchema, raw);
      if (await isHubReference(path)) {
        if (options.name !== undefined) throw new UserError("a module from the Hub is loaded under its package's name and version; --name is for files and projects", EXIT_USAGE);
        return loadFromHub(context, globals(), packageQuery(path));
      }
      const source = await resolveModuleSource(path, options.name === undefined ? {} : parseTarget(options.name));
      const loaded = await withClient(context, globals(), (client) => client.admin.loadSmartModule(source.name, source.version, source.component));
      await context.stdout.write(`loaded ${loaded.name}@${loaded.version} (${loaded.kind}, ${formatBytes(loaded.sizeBytes)}, digest ${loaded.digest.slice(0, DIGEST_PREFIX)})\n`);
    });

  sm.command("update")
    .description("move every SmartModule loaded from the Hub to the newest non-yanked version its range allows")
    .action(() => updateFromHub(context, globals()));

  sm.command("list")
    .description("every SmartModule version loaded in the cluster")
    .action(async () => {
      const modules = await withClient(context, globals(), (client) => client.admin.listSmartModules());
      await context.stdout.write(listText(modules));
    });

  sm.command("delete")
    .description("remove one version of a SmartModule, or all of its versions")
    .argument("<module>", "NAME (every version) or NAME@VERSION")
    .action(async (text: string) => {
      const target = parseTarget(text);
      await withClient(context, globals(), (client) => client.admin.deleteSmartModule(target.name, target.version ?? null));
      await context.stdout.write(`deleted ${text}${target.version === undefined ? " (every version)" : ""}\n`);
    });

  addSmDevCommands(sm, context);
}

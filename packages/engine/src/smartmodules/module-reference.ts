/** `name` or `name@version`, as users write a module in chains, configs and the CLI. */
export interface ModuleReference {
  readonly name: string;
  readonly version: string | null;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;
/** A hub package's name, `group/name`: the hub's group and package-name rules (packages/hub names). */
const HUB_NAME = /^[a-z0-9][a-z0-9-]{1,38}\/[a-z0-9][a-z0-9._-]{0,63}$/;
const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** A plain name, or exactly one `/` between a hub group and a package name (a module loaded from the hub). */
export function moduleNameProblem(name: string): string | null {
  if (name.includes("/")) {
    return HUB_NAME.test(name)
      ? null
      : `SmartModule name '${name}' must be group/name: a group of 2-39 lowercase letters, digits or '-', and a name of 1-64 lowercase letters, digits, '.', '_' or '-', each starting with a letter or digit`;
  }
  return NAME.test(name) ? null : `SmartModule name '${name}' must be 1-100 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit`;
}

export function versionProblem(version: string): string | null {
  return VERSION.test(version) ? null : `SmartModule version '${version}' is not a semantic version like 1.2.3`;
}

export function parseModuleReference(text: string): { ok: true; value: ModuleReference } | { ok: false; message: string } {
  const at = text.lastIndexOf("@");
  const name = at > 0 ? text.slice(0, at) : text;
  const version = at > 0 ? text.slice(at + 1) : null;
  const problem = moduleNameProblem(name) ?? (version === null ? null : versionProblem(version));
  return problem === null ? { ok: true, value: { name, version } } : { ok: false, message: problem };
}

export function formatModuleReference(reference: ModuleReference): string {
  return reference.version === null ? reference.name : `${reference.name}@${reference.version}`;
}

/*
 * Typed access to hcl2json's output. Its shape: `variable`, `output`, `module` and `provider` map a
 * label to an array of bodies; `resource` and `data` map a type, then a name, to an array of bodies;
 * `terraform` and `locals` are arrays of bodies. Expressions are strings wrapped in `${…}`.
 */
import type { TerraformBody, TerraformFile } from "./load.js";

export type Body = Readonly<Record<string, unknown>>;

export interface LabelledBlock {
  readonly file: string;
  readonly module: string;
  readonly name: string;
  readonly body: Body;
}

export interface ResourceBlock extends LabelledBlock {
  readonly type: string;
}

export function isRecord(value: unknown): value is Body {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function bodies(value: unknown): Body[] {
  return Array.isArray(value) ? value.filter(isRecord) : isRecord(value) ? [value] : [];
}

/** Blocks with one label: variable, output, module, provider. */
export function labelled(file: TerraformFile, kind: "variable" | "output" | "module" | "provider"): LabelledBlock[] {
  const byName = file.body[kind];
  if (!isRecord(byName)) return [];
  return Object.entries(byName).flatMap(([name, value]) => bodies(value).map((body) => ({ file: file.path, module: file.module, name, body })));
}

/** Blocks with a type and a name: resource, data. */
export function typed(file: TerraformFile, kind: "resource" | "data"): ResourceBlock[] {
  const byType = file.body[kind];
  if (!isRecord(byType)) return [];
  return Object.entries(byType).flatMap(([type, byName]) =>
    isRecord(byName) ? Object.entries(byName).flatMap(([name, value]) => bodies(value).map((body) => ({ file: file.path, module: file.module, type, name, body }))) : [],
  );
}

/** Unlabelled blocks: terraform, locals. */
export function unlabelled(body: TerraformBody, kind: "terraform" | "locals"): Body[] {
  return bodies(body[kind]);
}

/** `"${expr}"` → `expr`; any other string is returned as is. */
export function expression(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^\$\{([\s\S]*)\}$/.exec(value);
  return match ? match[1]!.trim() : value;
}

/** A string with no interpolation or template directive: a value written out in the source. */
export function isLiteralString(value: unknown): value is string {
  return typeof value === "string" && !value.includes("${") && !value.includes("%{");
}

/** Every attribute at any depth of a body (nested blocks and object values included), with its path. */
export function* attributes(value: unknown, path: readonly string[] = []): Generator<{ name: string; value: unknown; path: string[] }> {
  if (Array.isArray(value)) {
    for (const item of value) yield* attributes(item, path);
  } else if (isRecord(value)) {
    for (const [name, inner] of Object.entries(value)) {
      yield { name, value: inner, path: [...path, name] };
      yield* attributes(inner, [...path, name]);
    }
  }
}

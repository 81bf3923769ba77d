import type { TerraformFile } from "./load.js";

/** One broken rule, said in one sentence that names the file. */
export interface Violation {
  readonly file: string;
  readonly message: string;
}

export interface PolicyResult {
  /** How many things the policy looked at (providers, variables, attributes…), so a pass is not vacuous. */
  readonly checked: number;
  readonly violations: readonly Violation[];
}

export interface Policy {
  readonly id: string;
  readonly title: string;
  check(tree: TerraformTree): PolicyResult;
}

export interface TerraformTree {
  readonly files: readonly TerraformFile[];
  /** Files by module directory ("" is the root). */
  readonly modules: ReadonlyMap<string, readonly TerraformFile[]>;
}

export function treeOf(files: readonly TerraformFile[]): TerraformTree {
  const modules = new Map<string, TerraformFile[]>();
  for (const file of files) modules.set(file.module, [...(modules.get(file.module) ?? []), file]);
  return { files, modules };
}

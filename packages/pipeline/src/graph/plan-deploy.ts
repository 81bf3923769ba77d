import type { CompiledPipeline } from "./contract.js";

export interface DeployPlan {
  /** Components (the dataflow's name, connector names) that are new or whose document changed. */
  deploy: string[];
  /** Running components the next version no longer has. */
  remove: string[];
  /** Components whose document is byte-for-byte the same: left running untouched. */
  unchanged: string[];
}

function components(compiled: CompiledPipeline | undefined): Map<string, string> {
  const byName = new Map<string, string>();
  if (compiled === undefined) return byName;
  if (compiled.dataflow !== undefined) byName.set(compiled.dataflow.name, compiled.dataflow.yaml);
  for (const connector of compiled.connectors) byName.set(connector.name, connector.yaml);
  return byName;
}

/** What a deploy touches: compiled documents are canonical, so equal text means nothing changed. */
export function planDeploy(running: CompiledPipeline | undefined, next: CompiledPipeline): DeployPlan {
  const before = components(running);
  const after = components(next);
  const deploy: string[] = [];
  const unchanged: string[] = [];
  for (const [name, yaml] of after) (before.get(name) === yaml ? unchanged : deploy).push(name);
  return { deploy, remove: [...before.keys()].filter((name) => !after.has(name)), unchanged };
}

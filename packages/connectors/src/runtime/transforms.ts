import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { EdgeChain } from "@freshet/client/smartmodules/edge";
import type { ConnectorConfig } from "../config/connector-config.js";

/**
 * The config's SmartModule chain, run in this process under the limits the brokers use (one
 * worker thread per step, a deadline per batch). Undefined when there are no transforms.
 */
export async function openTransforms(config: ConnectorConfig, baseDir: string): Promise<EdgeChain | undefined> {
  if (config.transforms.length === 0) return undefined;
  const steps = await Promise.all(
    config.transforms.map(async (step, index) => {
      const path = isAbsolute(step.module) ? step.module : resolve(baseDir, step.module);
      const module = await readFile(path).catch((cause: unknown) => {
        throw new Error(`transforms.${index.toString()}.module: cannot read ${path}: ${(cause as Error).message}`, { cause });
      });
      return { name: step.module, module: new Uint8Array(module), params: step.params };
    }),
  );
  return EdgeChain.open(steps);
}

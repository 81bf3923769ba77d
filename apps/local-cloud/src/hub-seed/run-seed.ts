import { join } from "node:path";
import { createPrismaClient } from "@freshet/db/client";
import { hubBlobStore } from "@freshet/control-plane/hub/hub-storage";
import { buildExample, exampleProjects } from "./example-packages.js";
import { loadOrCreateSeedKey } from "./seed-key.js";
import { seedPublicHub } from "./seed-hub.js";

export interface RunSeedOptions {
  readonly databaseUrl: string;
  /** The local cloud's data dir: the seed key lives there, and the hub's blobs unless HUB_STORAGE* say otherwise. */
  readonly dataDir: string;
  readonly examplesDir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** One seed of the public hub with its own database connection; answers one line for the terminal. */
export async function runHubSeed(options: RunSeedOptions): Promise<string> {
  const prisma = createPrismaClient(options.databaseUrl);
  try {
    const key = await loadOrCreateSeedKey(options.dataDir);
    const blobs = hubBlobStore({ ...options.env, FRESHET_CLOUD_DATA: options.dataDir });
    const projects = await exampleProjects(options.examplesDir);
    const { published } = await seedPublicHub({ prisma, blobs, key, projects, build: buildExample });
    return published.length === 0 ? `hub has the ${projects.length} example SmartModules` : `hub: published ${published.join(", ")}`;
  } finally {
    await prisma.$disconnect();
  }
}

/** Where the repository keeps the SmartModule examples, from its root. */
export const examplesDirOf = (root: string): string => join(root, "packages", "smartmodule", "examples");

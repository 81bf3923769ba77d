import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { cloudSettingsSchema } from "../cloud/cloud-settings.js";
import { hubSettingsSchema } from "../hub/hub-settings.js";
import { profileSaslSchema } from "./sasl-flags.js";

/**
 * $FRESHET_HOME/config.json: named profiles (like fluvio's ~/.fluvio/config), each
 * a bootstrap list plus, for a multi-SPU cluster, its streaming controller's
 * address, for clusters this machine runs, their data directory, and for clusters
 * that require SASL, the login. Its "cloud" section is the `freshet cloud login` (API url and key),
 * its "hub" section the Hub publishing key and signing key (`freshet hub login` / `hub keygen`).
 */
const profileSchema = z.object({
  bootstrap: z.string().min(1),
  controller: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
  sasl: profileSaslSchema.optional(),
  /** Set by `freshet cloud cluster use`: the profile is this cloud cluster, managed through the API. */
  cloudClusterId: z.string().min(1).optional(),
});

const configSchema = z.object({
  version: z.literal(1),
  currentProfile: z.string().min(1).nullable(),
  profiles: z.record(z.string(), profileSchema),
  cloud: cloudSettingsSchema.optional(),
  hub: hubSettingsSchema.optional(),
});

export type Profile = z.infer<typeof profileSchema>;
export type CliConfig = z.infer<typeof configSchema>;

export const EMPTY_CONFIG: CliConfig = { version: 1, currentProfile: null, profiles: {} };

export function configPath(home: string): string {
  return join(home, "config.json");
}

export class ConfigFileError extends Error {
  constructor(
    readonly path: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`config file ${path} is invalid: ${detail}`, options);
    this.name = "ConfigFileError";
  }
}

/** The config, or the empty one when the file does not exist yet; a broken file is an error, never overwritten silently. */
export async function readConfig(home: string): Promise<CliConfig> {
  const path = configPath(home);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return EMPTY_CONFIG;
    throw new ConfigFileError(path, (cause as Error).message, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigFileError(path, "not JSON", { cause });
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigFileError(path, `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

/** Writes atomically (temp file + rename) so a crash never leaves half a file. */
export async function writeConfig(home: string, config: CliConfig): Promise<void> {
  const path = configPath(home);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
}

export function currentProfile(config: CliConfig): (Profile & { name: string }) | null {
  if (config.currentProfile === null) return null;
  const profile = config.profiles[config.currentProfile];
  return profile === undefined ? null : { name: config.currentProfile, ...profile };
}

export function withProfile(config: CliConfig, name: string, profile: Profile): CliConfig {
  return { ...config, currentProfile: name, profiles: { ...config.profiles, [name]: profile } };
}

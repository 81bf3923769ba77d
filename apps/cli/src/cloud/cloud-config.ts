import { UserError } from "../errors/user-error.js";
import { readConfig, withProfile, writeConfig, type Profile } from "../profile/config-file.js";
import type { CloudSettings } from "./cloud-settings.js";

/** The saved cloud login, or a hint to log in first. */
export async function requireCloudSettings(home: string): Promise<CloudSettings> {
  const settings = (await readConfig(home)).cloud;
  if (settings === undefined) throw new UserError("not logged in to Freshet cloud — run `freshet cloud login` first");
  return settings;
}

export async function saveCloudSettings(home: string, settings: CloudSettings): Promise<void> {
  await writeConfig(home, { ...(await readConfig(home)), cloud: settings });
}

/** Saves `profile` under `name` and makes it the current one, keeping everything else. */
export async function saveCurrentProfile(home: string, name: string, profile: Profile): Promise<void> {
  await writeConfig(home, withProfile(await readConfig(home), name, profile));
}

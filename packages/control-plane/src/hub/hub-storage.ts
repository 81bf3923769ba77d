import { homedir } from "node:os";
import { join } from "node:path";
import { blobStoreFromEnv, type BlobStore } from "@freshet/hub/storage";

/**
 * The Hub's artifact store from HUB_STORAGE and its companions (see @freshet/hub/storage), the
 * same for the API, the worker and the local cloud's seed. On the file system by default, under
 * the local cloud's data dir (FRESHET_CLOUD_DATA, default ~/.freshet/cloud) in `hub/`, unless
 * HUB_STORAGE_DIR says where.
 */
export function hubBlobStore(env: NodeJS.ProcessEnv): BlobStore {
  const cloudData = env.FRESHET_CLOUD_DATA || join(homedir(), ".freshet", "cloud");
  return blobStoreFromEnv({ ...env, HUB_STORAGE_DIR: env.HUB_STORAGE_DIR || join(cloudData, "hub") });
}

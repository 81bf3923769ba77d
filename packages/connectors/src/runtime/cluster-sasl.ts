import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import type { SaslOptions } from "@freshet/client/connection/sasl/sasl-options";
import type { ClusterSettings } from "../config/connector-config.js";

/** A `cluster.sasl.passwordFile` that cannot be read; the message is one sentence naming the field. */
export class ClusterPasswordFileError extends Error {}

/**
 * The client's SASL options for a document's `cluster:` block (connectors and dataflows share its
 * shape). A relative `passwordFile` is resolved against `baseDir`, the document's folder.
 */
export async function saslOf(cluster: ClusterSettings, baseDir: string): Promise<SaslOptions | undefined> {
  const sasl = cluster.sasl;
  if (sasl === undefined) return undefined;
  let password = sasl.password;
  if (sasl.passwordFile !== undefined) {
    const path = isAbsolute(sasl.passwordFile) ? sasl.passwordFile : resolve(baseDir, sasl.passwordFile);
    password = (
      await readFile(path, "utf8").catch((cause: unknown) => {
        throw new ClusterPasswordFileError(`cluster.sasl.passwordFile: cannot read ${path}: ${(cause as Error).message}`, { cause });
      })
    ).trim();
  }
  return { mechanism: sasl.mechanism, username: sasl.username, password: password ?? "" };
}

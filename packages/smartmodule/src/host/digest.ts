import { createHash } from "node:crypto";

/** A component's identity in registries and the compile cache: the hex SHA-256 of its bytes. */
export function digestOf(component: Uint8Array): string {
  return createHash("sha256").update(component).digest("hex");
}

import { z } from "zod";
import type { SaslOptions } from "@freshet/client/connection/sasl/sasl-options";
import { EXIT_USAGE, UserError } from "../errors/user-error.js";

/** A profile's login, for clusters that require SASL (kept in config.json, which is written 0600). */
export const profileSaslSchema = z.object({
  mechanism: z.enum(["plain", "scram-sha-256"]),
  username: z.string().min(1),
  password: z.string().min(1),
});

/** The global flags that say which cluster to talk to and how to log in. */
export interface ClientFlags {
  readonly bootstrap?: string;
  readonly saslUsername?: string;
  readonly saslPassword?: string;
  readonly saslMechanism?: string;
}

/**
 * The login from --sasl-* flags (mechanism default scram-sha-256; the password from
 * --sasl-password, else FRESHET_PASSWORD), else the profile's, which only applies to the
 * profile's own cluster (not to --bootstrap).
 */
export function resolveSasl(flags: ClientFlags, profile: { sasl?: SaslOptions } | null, envPassword?: string): SaslOptions | undefined {
  const { saslUsername: username, saslMechanism } = flags;
  if (username === undefined && flags.saslPassword === undefined && saslMechanism === undefined) {
    return flags.bootstrap === undefined ? profile?.sasl : undefined;
  }
  const password = flags.saslPassword ?? envPassword;
  if (username === undefined || password === undefined) {
    throw new UserError("SASL needs --sasl-username and a password (FRESHET_PASSWORD, or --sasl-password)", EXIT_USAGE);
  }
  const mechanism = z.enum(["plain", "scram-sha-256"]).safeParse((saslMechanism ?? "scram-sha-256").toLowerCase());
  if (!mechanism.success) throw new UserError(`invalid --sasl-mechanism "${saslMechanism}": expected plain or scram-sha-256`, EXIT_USAGE);
  return { mechanism: mechanism.data, username, password };
}

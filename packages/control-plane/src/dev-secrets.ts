import { z } from "zod";

/**
 * Secrets that once had a development value written in this repository. Anyone can read that
 * value, and from the control-plane one derive every cluster's `freshet-control` password, so the
 * API and the worker accept it only in tests (NODE_ENV=test) or when FRESHET_DEV_SECRETS=true asks
 * for it explicitly. `npm start` generates its own secrets and keeps them with the cloud's data.
 */
export type DevSecretName = "auth-secret" | "control-plane-secret";

export function publishedSecret(name: DevSecretName): string {
  return `freshet-local-${name}-not-for-production`;
}

/** Whether `source` (an environment) allows the published development secrets. */
export function devSecretsAllowed(source: NodeJS.ProcessEnv): boolean {
  return source.NODE_ENV === "test" || source.FRESHET_DEV_SECRETS === "true";
}

const REQUIRED = "is required: at least 32 random characters (e.g. `openssl rand -hex 32`); `npm start` generates one";
const PUBLISHED = "is the development value published in Freshet's source, which anyone can use to forge logins: set a random secret, or FRESHET_DEV_SECRETS=true for a throwaway setup";

/** A secret of at least 32 characters: defaulting to the published value where allowed, refusing it elsewhere. */
export function secretSchema(name: DevSecretName, allowDevSecrets: boolean) {
  const secret = z.string({ error: (issue) => (issue.input === undefined ? REQUIRED : undefined) }).min(32);
  if (allowDevSecrets) return secret.default(publishedSecret(name));
  return secret.refine((value) => value !== publishedSecret(name), PUBLISHED);
}

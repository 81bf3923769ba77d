/*
 * What counts as a secret by its name. The last word decides (`db_password`, `BETTER_AUTH_SECRET`,
 * `client_key`), so names that only mention a secret (`secret_id`, `password_length`,
 * `kms_key_name`) are left alone. A bare `key` is not a secret: in HCL it names map entries, taints
 * and labels far more often than key material.
 */
const SECRET_NAME = /(?:^|[_-])(?:password|passwd|secret|token|credentials?|auth[_-]?string|(?:private|access|secret|api|client|signing|encryption|master|ssh|service[_-]account)[_-]?key)$/i;

export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** PEM private key blocks are secrets whatever attribute holds them. */
export function containsPrivateKey(text: string): boolean {
  return /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/.test(text);
}

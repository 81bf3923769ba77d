/**
 * "cli-<host>-<yyyymmdd-hhmmss>" (UTC): which machine a cluster login was made for and when, in
 * the characters credentials.create accepts ([a-zA-Z0-9._-], at most 64, starting with a letter or digit).
 */
export function credentialName(hostname: string, now: Date): string {
  const host =
    hostname
      .replace(/[^a-zA-Z0-9.-]+/g, "-")
      .replace(/^[-.]+|[-.]+$/g, "")
      .slice(0, 40) || "host";
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `cli-${host}-${stamp}`;
}

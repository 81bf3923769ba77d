import { mkdtemp, readFile, rm, stat, writeFile, chmod } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishedSecret } from "@freshet/control-plane/dev-secrets";
import { loadOrCreateSecrets, SECRETS_FILE } from "../src/secrets.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "h_auth_secrets-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("local cloud secrets", () => {
  it("are random, made on the first start, kept in a file only the user can read, and the same on the next start", async () => {
    const dataDir = join(root, "first");
    const secrets = await loadOrCreateSecrets(dataDir);
    expect(secrets.controlPlaneSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(secrets.betterAuthSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(secrets.controlPlaneSecret).not.toBe(publishedSecret("control-plane-secret"));
    expect(secrets.betterAuthSecret).not.toBe(secrets.controlPlaneSecret);
    expect((await stat(join(dataDir, SECRETS_FILE))).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateSecrets(dataDir)).toEqual(secrets);
    expect(await loadOrCreateSecrets(join(root, "another"))).not.toEqual(secrets);
  });

  it("takes a copy that lost its mode back to 0600, and names a damaged file", async () => {
    const dataDir = join(root, "restored");
    const secrets = await loadOrCreateSecrets(dataDir);
    await chmod(join(dataDir, SECRETS_FILE), 0o644);
    expect(await loadOrCreateSecrets(dataDir)).toEqual(secrets);
    expect((await stat(join(dataDir, SECRETS_FILE))).mode & 0o777).toBe(0o600);

    await writeFile(join(dataDir, SECRETS_FILE), '{"controlPlaneSecret":"short"}');
    await expect(loadOrCreateSecrets(dataDir)).rejects.toThrow(/secrets\.json is damaged .*move it away/);
    expect(await readFile(join(dataDir, SECRETS_FILE), "utf8")).toBe('{"controlPlaneSecret":"short"}');
  });
});

/*
 * The Hub from the command line as built: the real API on a fresh database, a real SPU provisioned
 * as the worker would, and the `freshet` binary. A SmartModule (AssemblyScript: built in about a
 * second) is signed and published, found, installed by range into the cluster, run in a chain
 * that names its package, yanked, replaced and updated.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, startTestApi, trpcClient, type TestApi } from "@freshet/api/internal/api-harness";
import { provisionLikeTheWorker } from "@freshet/api/internal/tenant-cluster";
import { readConfig, withProfile, writeConfig } from "./profile/config-file.js";
import { runCli, type Run } from "./test-support/run-cli.js";

let home: string;
let work: string;
let api: TestApi;
let tenant: Awaited<ReturnType<typeof provisionLikeTheWorker>>;
let clusterId: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "cli-hub-"));
  work = await mkdtemp(join(tmpdir(), "cli-hub-work-"));
  api = await startTestApi();
  const ada = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  const org = await ada.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await ada.orgs.setActive.mutate({ organizationId: org.id });
  const cluster = await ada.clusters.create.mutate({ name: "main", region: "local", plan: "free" });
  clusterId = cluster.id;
  // Made before the SPU starts, so its credentials file holds this login (no worker runs here to sync it).
  const login = await ada.credentials.create.mutate({ clusterId, name: "laptop" });
  tenant = await provisionLikeTheWorker(api.prisma, clusterId);
  const key = await ada.apiKeys.create.mutate({ name: "laptop", role: "admin" });
  expect((await runCli(home, ["cloud", "login", "--api-url", api.url, "--api-key", key.secret])).code).toBe(0);
  // What `freshet cloud cluster use main` saves, without waiting for a worker to pass the login on.
  const sasl = { mechanism: "scram-sha-256" as const, username: login.username, password: login.password };
  await writeConfig(home, withProfile(await readConfig(home), "main", { bootstrap: tenant.bootstrap, sasl, cloudClusterId: clusterId }));
}, 60_000);

afterAll(async () => {
  await tenant?.stopAll();
  await api?.close();
  await rm(home, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

const cli = (args: readonly string[], input?: string) => runCli(home, args, input);
/** The command's output, or a failure showing what it printed on stderr. */
async function ok(args: readonly string[], input?: string): Promise<string> {
  const run: Run = await cli(args, input);
  expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: "" });
  return run.stdout;
}

const project = () => join(work, "hot");

async function setVersion(version: string): Promise<void> {
  const file = join(project(), "package.json");
  await writeFile(file, JSON.stringify({ ...(JSON.parse(await readFile(file, "utf8")) as object), version }));
}

describe("freshet hub", () => {
  it("signs and publishes a SmartModule, finds it, installs it by range and runs it in a chain by its package name", { timeout: 240_000 }, async () => {
    expect(await ok(["hub", "login"])).toMatch(/^made the API key "hub publishing on .+" \(may publish to the Hub\) and saved it for http:\/\/127\.0\.0\.1:\d+\n$/);
    const keygen = await ok(["hub", "keygen", "--name", "laptop"]);
    const keyId = /^registered signing key ([0-9a-f]{32}) as "laptop"/.exec(keygen)?.[1];
    expect(keyId).toBeDefined();
    const config = await readConfig(home);
    expect((await stat(config.hub!.signingKey!.privateKeyPath)).mode & 0o777).toBe(0o600);
    expect(await ok(["hub", "claim", "acme"])).toBe('group "acme" is your organization\'s: publish acme/… packages to it\n');

    expect((await cli(["sm", "init", project(), "--kind", "filter", "--lang", "assemblyscript"])).code).toBe(0);
    await writeFile(
      join(project(), "hub.yaml"),
      ["group: acme", "kind: smartmodule", "description: keeps records whose value contains a piece of text", "license: MIT", "keywords: [filter, text]", "visibility: public", ""].join("\n"),
    );
    await setVersion("1.0.0");
    const published = await ok(["hub", "publish", project()]);
    expect(published).toMatch(
      new RegExp(`^built the SmartModule for acme/hot@1\\.0\\.0\\npublished acme/hot@1\\.0\\.0 \\(smartmodule, public, [\\d.]+ KiB, digest [0-9a-f]{12}, signed by key ${keyId!.slice(0, 12)}…\\)\\n$`),
    );

    expect(await ok(["hub", "search", "text", "--kind", "smartmodule"])).toMatch(
      /^PACKAGE +KIND +LATEST +DOWNLOADS \(30 D\) +VISIBILITY +DESCRIPTION\nacme\/hot +smartmodule +1\.0\.0 +0 +public +keeps records/,
    );
    expect(await ok(["sm", "load", "acme/hot@^1.0"])).toBe('loaded acme/hot@1.0.0 from the Hub (range ^1.0) into cluster "main"\n');
    expect(await ok(["sm", "list"])).toMatch(/acme\/hot +1\.0\.0 +filter/);

    await ok(["topic", "create", "logs"]);
    expect(await cli(["produce", "logs"], "error: timeout\nall good\nerror: disk full\n")).toMatchObject({ code: 0, stdout: "" });
    expect(await ok(["consume", "logs", "-B", "-d", "--sm", "acme/hot", "--param", "contains=disk"])).toBe("error: disk full\n");

    const again = await cli(["hub", "publish", project()]);
    expect(again).toMatchObject({ code: 1, stdout: "", stderr: "freshet: acme/hot@1.0.0 already exists; versions are immutable, publish a new version.\n" });
  });

  it("skips a yanked version for ranges but not for its exact version, and sm update moves to the newest", { timeout: 240_000 }, async () => {
    await setVersion("1.1.0");
    await ok(["hub", "publish", project()]);
    expect(await ok(["hub", "yank", "acme/hot@1.1.0", "--reason", "drops every record"])).toBe("yanked acme/hot@1.1.0: ranges skip it; `freshet hub download acme/hot@1.1.0` still gets it\n");
    const info = await ok(["hub", "info", "acme/hot"]);
    expect(info).toMatch(/\n1\.1\.0 +\S+ +[\d.]+ KiB +[0-9a-f]{12} +[0-9a-f]{12} +yanked: drops every record\n/);
    expect(info).toContain("latest 1.0.0;");

    const download = join(work, "latest.wasm");
    expect(await ok(["hub", "download", "acme/hot@^1.0", "-o", download])).toMatch(/^downloaded acme\/hot@1\.0\.0 to .*latest\.wasm \([\d.]+ KiB, signature by key [0-9a-f]{12}… verified\)\n$/);
    expect(await ok(["hub", "download", "acme/hot@1.1.0", "-o", join(work, "yanked.wasm")])).toMatch(/— note: this version is yanked \(drops every record\)\n$/);

    await setVersion("1.2.0");
    await ok(["hub", "publish", project()]);
    expect(await ok(["sm", "update"])).toBe("acme/hot 1.0.0 → 1.2.0\n");
    expect(await ok(["sm", "update"])).toBe("every SmartModule from the Hub is up to date\n");
    expect(await ok(["sm", "load", "acme/hot@1.1.0"])).toBe('loaded acme/hot@1.1.0 from the Hub (pinned) into cluster "main"\n');
    expect(await ok(["sm", "list"])).toMatch(/\nacme\/hot +1\.1\.0 +filter +[\d.]+ KiB +[0-9a-f]{12} +acme\/hot \(pinned\) /);
  });

  it("loads into a cluster given by address: the CLI verifies, the SPU verifies again and keeps the provenance", { timeout: 120_000 }, async () => {
    const config = await readConfig(home);
    const sasl = config.profiles["main"]!.sasl!;
    const flags = ["--bootstrap", tenant.bootstrap, "--sasl-username", sasl.username, "--sasl-password", sasl.password];
    expect(await ok([...flags, "sm", "delete", "acme/hot"])).toBe("deleted acme/hot (every version)\n");
    expect(await ok([...flags, "sm", "load", "acme/hot@^1.0"])).toMatch(/^loaded acme\/hot@1\.2\.0 from the Hub \(range \^1\.0; filter, [\d.]+ KiB, signature by key [0-9a-f]{12}… verified\)\n$/);
    expect(await ok([...flags, "sm", "list"])).toMatch(/^NAME +VERSION +KIND +SIZE +DIGEST +HUB +DESCRIPTION\nacme\/hot +1\.2\.0 +filter +[\d.]+ KiB +[0-9a-f]{12} +acme\/hot \^1\.0 +keep records/);
    expect(await ok([...flags, "sm", "update"])).toBe("every SmartModule from the Hub is up to date\n");
  });

  it("refuses to download an artifact changed on the Hub's disk", { timeout: 60_000 }, async () => {
    const row = await api.prisma.hubVersion.findFirstOrThrow({ where: { version: "1.0.0" } });
    const blob = join(api.hubDir, "sha256", row.digest.slice(0, 2), row.digest);
    const bytes = await readFile(blob);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    await writeFile(blob, bytes);
    const refused = await cli(["hub", "download", "acme/hot@1.0.0", "-o", join(work, "tampered.wasm")]);
    expect(refused).toMatchObject({ code: 1, stdout: "", stderr: "freshet: The stored artifact of acme/hot@1.0.0 does not match its signed digest; it was not served.\n" });
  });
});

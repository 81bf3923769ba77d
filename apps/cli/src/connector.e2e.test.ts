/*
 * `freshet connector` against the real API over HTTP (fresh database, a catalog with a test
 * source) and a real tenant cluster (for offsets), with the built CLI: types, create from a file,
 * list, status, logs, stop, offsets, start, delete. No worker runs: what the worker would write
 * (status, counters, log tail) is written to the row.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, startTestApi, trpcClient, type TestApi } from "@freshet/api/internal/api-harness";
import { provisionLikeTheWorker } from "@freshet/api/internal/tenant-cluster";
import { testCatalog, testSourceYaml } from "@freshet/api/internal/test-connectors";
import { runCli } from "./test-support/run-cli.js";

let home: string;
let api: TestApi;
let clusterId: string;
let tenant: Awaited<ReturnType<typeof provisionLikeTheWorker>> | undefined;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "freshet-cli-connector-"));
  api = await startTestApi({ connectorCatalog: testCatalog });
  const ada = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  const org = await ada.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await ada.orgs.setActive.mutate({ organizationId: org.id });
  clusterId = (await ada.clusters.create.mutate({ name: "main", region: "local", plan: "free" })).id;
  tenant = await provisionLikeTheWorker(api.prisma, clusterId);
  const key = await ada.apiKeys.create.mutate({ name: "laptop", role: "admin" });
  const login = await runCli(home, ["cloud", "login", "--api-url", api.url, "--api-key", key.secret]);
  expect(login.code).toBe(0);
}, 60_000);

afterAll(async () => {
  await tenant?.stopAll();
  await api?.close();
  await rm(home, { recursive: true, force: true });
});

const cli = (args: readonly string[]) => runCli(home, ["connector", ...args]);

describe("freshet connector", () => {
  it("lists the types the cloud runs", async () => {
    const types = await cli(["types"]);
    expect([types.code, types.stdout, types.stderr]).toEqual([0, "TYPE         KIND    DESCRIPTION\ntest-source  source  Emits nothing; its check answers as `reachable` says.\n", ""]);
  });

  it("creates from a file (the only cluster is meant), refusing a bad one with the API's sentence", async () => {
    const bad = join(home, "bad.yaml");
    await writeFile(bad, testSourceYaml("hooks", { url: "http://127.0.0.1:9/", reachable: false }));
    const refused = await cli(["create", "--config", bad]);
    expect([refused.code, refused.stdout, refused.stderr]).toEqual([1, "", "freshet: Connection refused by http://127.0.0.1:9/.\n"]);
    const missing = await cli(["create", "--config", join(home, "nope.yaml")]);
    expect([missing.code, missing.stderr]).toEqual([1, `freshet: cannot read ${join(home, "nope.yaml")}: ENOENT\n`]);

    const good = join(home, "hooks.yaml");
    await writeFile(good, testSourceYaml("hooks"));
    const created = await cli(["create", "--config", good]);
    expect([created.code, created.stdout, created.stderr]).toEqual([0, 'connector "hooks" created on cluster "main": Pending\n', ""]);
    const other = await cli(["create", "--config", good, "--cluster", "elsewhere"]);
    expect([other.code, other.stderr]).toEqual([1, 'freshet: no cluster "elsewhere" in this organization — see `freshet cloud cluster list`\n']);
  });

  it("shows status, counters, the last error and the log's tail", async () => {
    const row = await api.prisma.connector.findFirstOrThrow({ where: { name: "hooks" } });
    await api.prisma.connector.update({
      where: { id: row.id },
      data: { status: "Failed", statusReason: "The target refused the login.", metrics: { recordsIn: 7, recordsOut: 5, errors: 2, deadLettered: 1 }, observedAt: new Date(0), logTail: "a\nb\nc\n" },
    });
    const listed = await cli(["list", "--cluster", clusterId]);
    expect(listed.stdout).toBe([`NAME   TYPE         KIND    STATUS  IN  OUT  ERRORS  CREATED`, `hooks  test-source  source  Failed  7   5    2       ${row.createdAt.toISOString()}`, ""].join("\n"));
    const status = await cli(["status", "hooks"]);
    expect(status.stdout).toBe(
      [
        'connector "hooks" (test-source source) on cluster "main": Failed — The target refused the login.',
        "records in:    7",
        "records out:   5",
        "errors:        2",
        "dead-lettered: 1",
        "as of:         1970-01-01T00:00:00.000Z",
        "",
      ].join("\n"),
    );
    expect((await cli(["logs", "hooks", "--lines", "2"])).stdout).toBe("b\nc\n");
    const unknown = await cli(["status", "nope"]);
    expect([unknown.code, unknown.stderr]).toEqual([1, 'freshet: no connector named "nope" on cluster "main" — see `freshet connector list`\n']);
  });

  it("stops, changes offsets only once stopped, starts and deletes", async () => {
    expect((await cli(["stop", "hooks"])).stdout).toBe('connector "hooks" (test-source source) on cluster "main": Failed (stopping) — The target refused the login.\n');
    const early = await cli(["offsets", "hooks", "--reset"]);
    expect([early.code, early.stdout, early.stderr]).toEqual([1, "", "freshet: The connector is Failed; stop it first (`freshet connector stop hooks`), then change its offsets.\n"]);
    // What the worker writes once the process ended.
    await api.prisma.connector.updateMany({ where: { name: "hooks" }, data: { status: "Stopped", statusReason: null } });
    expect((await cli(["offsets", "hooks"])).stdout).toBe('connector "hooks" has no stored position (it starts afresh)\n');
    const set = await cli(["offsets", "hooks", "--set", '{"cursor":42}']);
    expect([set.code, set.stdout, set.stderr]).toEqual([0, 'connector "hooks" position: {"cursor":42}\n', ""]);
    expect((await cli(["offsets", "hooks"])).stdout).toBe('connector "hooks" position: {"cursor":42}\n');
    const notJson = await cli(["offsets", "hooks", "--set", "{cursor"]);
    expect([notJson.code, notJson.stderr]).toEqual([2, expect.stringMatching(/^freshet: --set: not JSON \(.+\)\n$/)]);
    const both = await cli(["offsets", "hooks", "--reset", "--set", "1"]);
    expect([both.code, both.stderr]).toEqual([2, "freshet: pass --reset or --set, not both\n"]);
    expect((await cli(["offsets", "hooks", "--reset"])).stdout).toBe('connector "hooks" has no stored position (it starts afresh)\n');
    expect((await cli(["offsets", "hooks"])).stdout).toBe('connector "hooks" has no stored position (it starts afresh)\n');
    expect((await cli(["start", "hooks"])).stdout).toBe('connector "hooks" (test-source source) on cluster "main": Pending\n');
    const running = await cli(["offsets", "hooks", "--set", '{"cursor":1}']);
    expect([running.code, running.stderr]).toEqual([1, "freshet: The connector is Pending; stop it first (`freshet connector stop hooks`), then change its offsets.\n"]);
    const unconfirmed = await cli(["delete", "hooks"]);
    expect([unconfirmed.code, unconfirmed.stderr]).toEqual([
      2,
      'freshet: Deleting connector "hooks" stops it and removes its state for good. Pass --yes to confirm (stdin is not a terminal to ask on).\n',
    ]);
    expect((await cli(["delete", "hooks", "--yes"])).stdout).toBe('connector "hooks" (test-source source) on cluster "main": Deleting\n');
  });
});

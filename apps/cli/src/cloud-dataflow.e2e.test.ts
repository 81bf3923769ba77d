/*
 * `freshet dataflow …` and `freshet view query` as built, against the real API on a fresh
 * database. No worker runs here: the test plays its part (the row's status and endpoint) and a
 * stand-in process speaks the dataflow process contract (/status, /views/NAME).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, startTestApi, trpcClient, type TestApi } from "@freshet/api/internal/api-harness";
import { runningStatus, stockDataflowYaml, stockRow } from "@freshet/api/internal/test-dataflows";
import { startFakeDataflowProcess, type FakeDataflowProcess } from "@freshet/control-plane/internal/fake-dataflow-process";
import { runCli } from "./test-support/run-cli.js";

let home: string;
let api: TestApi;
let process: FakeDataflowProcess;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "cloud-cli-dataflow-"));
  api = await startTestApi();
  const ada = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  const org = await ada.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await ada.orgs.setActive.mutate({ organizationId: org.id });
  const cluster = await ada.clusters.create.mutate({ name: "main", region: "local", plan: "free" });
  await api.prisma.cluster.update({ where: { id: cluster.id }, data: { status: "Running", bootstrapHost: "127.0.0.1", bootstrapPort: 9 } });
  const key = await ada.apiKeys.create.mutate({ name: "laptop", role: "admin" });
  expect((await runCli(home, ["cloud", "login", "--api-url", api.url, "--api-key", key.secret])).code).toBe(0);
  process = await startFakeDataflowProcess(runningStatus("movers"), [stockRow("apple", 0, 3, 3), stockRow("apple", 1, 5, 2), stockRow("pear", 1, 1, -1)]);
}, 60_000);

afterAll(async () => {
  await process?.close();
  await api?.close();
  await rm(home, { recursive: true, force: true });
});

const cli = (args: readonly string[]) => runCli(home, args);

describe("freshet dataflow and view on a cloud cluster", () => {
  it("prints each problem of an invalid document at its line and deploys nothing", async () => {
    const file = join(home, "broken.yaml");
    await writeFile(file, stockDataflowYaml("movers").replace("step: 1m", "step: soon").replace("kind: Dataflow", "kind: Pipeline"));
    const run = await cli(["dataflow", "deploy", file]);
    expect(run.code).toBe(1);
    const lines = run.stderr.split("\n");
    expect(lines.slice(0, 2).map((line) => /^line \d+: [a-z.]+:/.exec(line)?.[0])).toEqual(["line 2: kind:", "line 12: operators.movers.stock.step:"]);
    expect(lines.slice(2)).toEqual([`freshet: ${file} is not a valid dataflow (2 problems above); nothing was deployed`, ""]);
    expect(await api.prisma.dataflow.count()).toBe(0);
  });

  it("deploys, updates, lists, shows status, queries a view and deletes", async () => {
    const file = join(home, "movers.yaml");
    await writeFile(file, stockDataflowYaml("movers"));
    expect(await cli(["dataflow", "deploy", file])).toMatchObject({ code: 0, stdout: 'dataflow "movers" deployed on cluster "main": Pending\n' });
    expect(await cli(["dataflow", "deploy", file])).toMatchObject({ code: 0, stdout: 'dataflow "movers" updated on cluster "main": Pending\n' });
    await api.prisma.dataflow.updateMany({ data: { status: "Running", endpoint: process.endpoint, runtimeStatus: runningStatus("movers") } });

    expect((await cli(["dataflow", "list"])).stdout).toMatch(/^NAME +STATUS +OPERATORS +LAG +VIEWS +UPDATED\nmovers +Running +1 +2 +product-stock +\S+\n$/);
    const status = await cli(["dataflow", "status", "movers"]);
    expect(status.stdout.split("\n").slice(0, 6)).toEqual([
      'dataflow "movers" on cluster "main": Running',
      "checkpoints: 3",
      "OPERATOR  KIND   IN  OUT  WATERMARK                 STATE  LATE  ERRORS",
      "movers    stock  40  6    1970-01-01T00:02:00.000Z  4      1     0",
      "SOURCE  TOPIC           PARTITION  OFFSET  LAG",
      "events  product-events  0          40      2",
    ]);

    const rows = await cli(["view", "query", "product-stock", "--key", "apple", "--last", "1"]);
    expect([rows.code, rows.stdout]).toEqual([
      0,
      [
        "KEY    WINDOW START              WINDOW END                FINAL  ORDERS  REVIEWS  CORRELATION",
        "apple  1970-01-01T00:01:00.000Z  1970-01-01T00:02:00.000Z  yes    5 (+2)  1 (0)    -",
        "",
      ].join("\n"),
    ]);
    expect(await cli(["view", "query", "nope"])).toMatchObject({ code: 1, stderr: "freshet: No such view in this organization.\n" });
    expect(await cli(["view", "query", "product-stock", "--last", "0"])).toMatchObject({ code: 2, stderr: "freshet: invalid --last: must be at least 1\n" });

    expect(await cli(["dataflow", "delete", "movers", "--yes"])).toMatchObject({ code: 0, stdout: 'dataflow "movers" on cluster "main": Deleting\n' });
    expect(await cli(["dataflow", "status", "ghost"])).toMatchObject({ code: 1, stderr: "freshet: No such dataflow in this organization.\n" });
  });
});

/*
 * `freshet pipeline …` as built, against the real API on a fresh database and a real SPU (a deploy
 * creates the pipeline's topics). No worker runs here: the API's rows and jobs are what is checked.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, startTestApi, trpcClient, type TestApi } from "@freshet/api/internal/api-harness";
import { provisionLikeTheWorker } from "@freshet/api/internal/tenant-cluster";
import { testCatalog } from "@freshet/api/internal/test-connectors";
import { testPipelineYaml } from "@freshet/api/internal/test-pipelines";
import { runCli } from "./test-support/run-cli.js";

let home: string;
let api: TestApi;
let tenant: Awaited<ReturnType<typeof provisionLikeTheWorker>>;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "cloud-cli-pipeline-"));
  api = await startTestApi({ connectorCatalog: testCatalog });
  const ada = trpcClient(api, { cookie: await signUp(api, "ada@example.com") });
  const org = await ada.orgs.create.mutate({ name: "Acme", slug: "acme" });
  await ada.orgs.setActive.mutate({ organizationId: org.id });
  const cluster = await ada.clusters.create.mutate({ name: "main", region: "local", plan: "free" });
  tenant = await provisionLikeTheWorker(api.prisma, cluster.id);
  const key = await ada.apiKeys.create.mutate({ name: "laptop", role: "admin" });
  expect((await runCli(home, ["cloud", "login", "--api-url", api.url, "--api-key", key.secret])).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await tenant?.stopAll();
  await api?.close();
  await rm(home, { recursive: true, force: true });
});

const cli = (args: readonly string[]) => runCli(home, args);

describe("freshet pipeline on a cloud cluster", () => {
  it("prints each problem at its line and node, and deploys nothing", async () => {
    const file = join(home, "broken.yaml");
    await writeFile(file, testPipelineYaml("pay", { url: "not a url" }));
    const run = await cli(["pipeline", "deploy", file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^line 9 \(events\): sources\.events\.connector\.config\.url: .+\n/);
    expect(run.stderr.split("\n").slice(1)).toEqual([`freshet: ${file} is not a valid pipeline (1 problem above); nothing was deployed`, ""]);
    expect(await api.prisma.pipeline.count()).toBe(0);
  });

  it("deploys versions, lists them and restores one", async () => {
    const file = join(home, "pay.yaml");
    await writeFile(file, testPipelineYaml("pay"));
    expect(await cli(["pipeline", "deploy", file, "--cluster", "main"])).toMatchObject({
      code: 0,
      stdout: 'pipeline "pay" version 1 on cluster "main": deployed pay, pay-events; removed -; unchanged -\n',
    });
    await writeFile(file, testPipelineYaml("pay", { threshold: 99 }));
    expect(await cli(["pipeline", "deploy", file])).toMatchObject({ code: 0, stdout: 'pipeline "pay" version 2 on cluster "main": deployed pay; removed -; unchanged pay-events\n' });
    expect((await cli(["pipeline", "list"])).stdout).toMatch(/^NAME +STATUS +VERSION +UPDATED\npay +Deploying +2 +\S+\n$/);

    expect(await cli(["pipeline", "restore", "pay", "1"])).toMatchObject({ code: 0, stdout: 'pipeline "pay" version 1 restored as version 3 on cluster "main"\n' });
    const versions = await cli(["pipeline", "versions", "pay"]);
    expect(versions.stdout.split("\n").map((line) => line.split(/ {2,}/).filter((cell, i) => i !== 1))).toEqual([
      ["VERSION", "BY", "RESTORED FROM"],
      ["3", "ada", "1"],
      ["2", "ada", "-"],
      ["1", "ada", "-"],
      [""],
    ]);
    expect(await cli(["pipeline", "restore", "pay", "v1"])).toMatchObject({ code: 2, stderr: "freshet: invalid version: v1 (a version number such as 3)\n" });
    expect(await cli(["pipeline", "versions", "ghost"])).toMatchObject({ code: 1, stderr: 'freshet: no pipeline named "ghost" on cluster "main"\n' });
  });
});

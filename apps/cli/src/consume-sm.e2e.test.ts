import { access, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@freshet/client/client";
import { startSpu, type RunningSpu } from "@freshet/client/internal/spu-process";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_MAIN, runCli, type Run } from "./test-support/run-cli.js";

/* `freshet consume --sm` with the built binary against a real broker process. */

let home: string;
let spu: RunningSpu;
const NOT_JSON = "SyntaxError: JSON.parse: unexpected keyword at line 1 column 1 of the JSON data";
const values = ['{"user":"ana","country":"PT"}', '{"user":"bo","country":"SE"}', "not json", '{"user":"cy","country":"PT"}'];

function freshet(args: readonly string[]): Promise<Run> {
  return runCli(home, ["--bootstrap", spu.bootstrap, ...args]);
}

beforeAll(async () => {
  await access(CLI_MAIN).catch(() => {
    throw new Error(`${CLI_MAIN} is missing: build the workspace first (npm run build)`);
  });
  home = await mkdtemp(join(tmpdir(), "freshet-consume-sm-e2e-"));
  spu = await startSpu();
  const client = createClient({ bootstrap: spu.bootstrap, clientId: "consume-sm-e2e" });
  try {
    await client.admin.loadSmartModule("json-filter", "0.1.0", (await buildSmartModule(examplePath("json-filter"))).wasm);
    await client.admin.createTopics([{ name: "people", partitions: 1 }]);
    await client.producer().send(
      "people",
      values.map((value, i) => ({ key: `k${i}`, value })),
    );
  } finally {
    await client.close();
  }
}, 180_000);

afterAll(async () => {
  await spu?.stop();
  await rm(home, { recursive: true, force: true });
});

describe("freshet consume --sm", () => {
  it("prints the chain's output and reports records it skipped on stderr", async () => {
    const run = await freshet(["consume", "people", "-B", "-d", "--sm", "json-filter", "--param", "field=country", "--param", "value=PT", "-F", "{{offset}} {{key}} {{value}}"]);
    expect(run).toEqual({
      code: 0,
      stdout: `0 k0 ${values[0]}\n3 k3 ${values[3]}\n`,
      stderr: `record 0/2 skipped by json-filter: ${NOT_JSON}\n`,
    });
  });

  it("chains modules in the order given, each --param going to the --sm before it", async () => {
    const run = await freshet([
      "consume",
      "people",
      "-B",
      "-d",
      "--sm",
      "json-filter@0.1.0",
      "--param",
      "field=country",
      "--param",
      "value=PT",
      "--sm",
      "json-filter",
      "--param",
      "field=user",
      "--param",
      "value=cy",
    ]);
    expect([run.code, run.stdout]).toEqual([0, `${values[3]}\n`]);
  });

  it("fails with the broker's message when the chain is refused", async () => {
    expect(await freshet(["consume", "people", "-B", "-d", "--sm", "json-filter", "--param", "field=country"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "freshet: SmartModule chain on people/0 (INVALID_CONFIG): parameter 'value' is required by SmartModule 'json-filter' (the value to keep)\n",
    });
  });

  it("refuses --param before any --sm, and --sm with --group", async () => {
    const stray = await freshet(["consume", "people", "--param", "field=country", "--sm", "json-filter"]);
    expect([stray.code, stray.stdout]).toEqual([2, ""]);
    expect(stray.stderr).toContain("--param configures the --sm before it; put it after one");
    expect(await freshet(["consume", "people", "--sm", "json-filter", "-g", "readers"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "freshet: --sm reads partitions directly; it cannot be combined with --group\n",
    });
  });
});

import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileRegistry } from "@freshet/engine/smartmodules/file-registry";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/test-support/test-modules";
import { SPU_WORKER_MAIN } from "@freshet/client/test-support/spu-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../program.js";
import { captureContext } from "../test-support/capture-context.js";

let home: string;
let dataDir: string;
let bootstrap: string;
let stop: () => Promise<void>;

/** A standalone spu-worker whose registry already holds json-filter 0.1.0. */
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "freshet-cli-chain-"));
  dataDir = join(home, "data");
  const registry = await FileRegistry.open(join(dataDir, "smartmodules"));
  expect((await registry.load("json-filter", "0.1.0", (await buildSmartModule(examplePath("json-filter"))).wasm)).ok).toBe(true);
  const child = spawn(process.execPath, [SPU_WORKER_MAIN, "--data-dir", dataDir, "--port", "0", "--log-level", "warn"], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  stop = async () => {
    child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const info = await readFile(join(dataDir, "spu.json"), "utf8").then((t) => JSON.parse(t) as { pid: number; port: number }, () => null);
    if (info !== null && info.pid === child.pid) {
      bootstrap = `127.0.0.1:${info.port}`;
      break;
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("spu-worker did not start");
    await new Promise((r) => setTimeout(r, 25));
  }
}, 120_000);

afterAll(async () => {
  await stop();
  await rm(home, { recursive: true, force: true });
});

async function freshet(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const context = captureContext({ home });
  const code = await runCli(["--bootstrap", bootstrap, ...args], context);
  return { code, out: context.out(), err: context.err() };
}

describe("freshet topic create --from/--sm/--param", () => {
  it("creates a derived topic with the source's partitions and shows its source and chain", async () => {
    expect((await freshet(["topic", "create", "events", "-p", "3"])).code).toBe(0);
    const created = await freshet(["topic", "create", "kept", "--from", "events", "--sm", "json-filter@0.1.0", "--param", "field=kind", "--param", "value=keep"]);
    expect(created).toEqual({ code: 0, out: 'topic "kept" created\n', err: "" });
    const described = await freshet(["topic", "describe", "kept"]);
    expect(described.out).toContain("Topic: kept\nPartitions: 3\nSource: events\nSmartModules: json-filter@0.1.0(field=kind, value=keep)\n");
  });

  it("creates a produce-time chain with --sm alone and reports bad params with the broker's message", async () => {
    expect((await freshet(["topic", "create", "filtered", "--sm", "json-filter", "--param", "field=kind", "--param", "value=x"])).code).toBe(0);
    expect((await freshet(["topic", "describe", "filtered"])).out).toContain("Partitions: 1\nSmartModules: json-filter(field=kind, value=x)\n");
    const bad = await freshet(["topic", "create", "bad", "--sm", "json-filter", "--param", "field=kind"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^freshet: .*invalid 'freshet\.smartmodules' for 'bad': .*value/);
  });

  it("refuses --param before any --sm and --from without --sm", async () => {
    const early = await freshet(["topic", "create", "x", "--param", "a=b", "--sm", "json-filter"]);
    expect(early.code).toBe(2);
    expect(early.err).toContain("--param configures the --sm before it");
    const bare = await freshet(["topic", "create", "x", "--from", "events"]);
    expect(bare).toMatchObject({ code: 1, err: "freshet: --from needs at least one --sm to apply to the source's records\n" });
  });
});

import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createClient, type FreshetClient } from "@freshet/client/client";
import { startSpu, type RunningSpu } from "@freshet/client/internal/spu-process";
import { ENGINE_ENTRY, spawnEngine, stopProcess } from "@freshet/spu-worker/launch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type Run } from "./test-support/run-cli.js";

/*
 * The connector development loop with the built `freshet` binary: scaffold a source and a sink,
 * build them, run them with `cdk test` against a real broker (a throwaway one, or --bootstrap), and
 * run the built source as the engine's `--role connector` process, as the built-in connectors run.
 */

let work: string;
let spu: RunningSpu;
let client: FreshetClient;
const decoder = new TextDecoder();

function freshet(args: readonly string[]): Promise<Run> {
  return runCli(work, args);
}

/** Points the template's `config.path` (relative to where the connector runs) at a file of the project. */
async function useAbsolutePath(dir: string, file: string): Promise<void> {
  const config = join(dir, "connector.yaml");
  await writeFile(config, (await readFile(config, "utf8")).replace(`path: ${file}`, `path: ${join(dir, file)}`));
}

async function values(topic: string): Promise<Array<string | null>> {
  if (!(await client.admin.listTopics()).includes(topic)) return [];
  const seen: Array<string | null> = [];
  for await (const record of client.consume({ topic, start: { kind: "beginning" }, exitAtEnd: true })) seen.push(record.value === null ? null : decoder.decode(record.value));
  return seen;
}

async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "freshet-cdk-e2e-"));
  spu = await startSpu({ groupInitialRebalanceDelayMs: 0 });
  client = createClient({ bootstrap: spu.bootstrap, clientId: "cdk-e2e" });
}, 60_000);

afterAll(async () => {
  await client?.close();
  await spu?.stop();
  await rm(work, { recursive: true, force: true });
});

const BUILT = /^built dist\/connector\.js \(\d+\.\d KiB\) in \d+\.\d s\n$/;

describe("freshet cdk init, build and test", () => {
  it("a source reads its file's lines into its topic, under cdk test and under --role connector", { timeout: 180_000 }, async () => {
    const dir = join(work, "file-lines");
    expect(await freshet(["cdk", "init", dir, "--kind", "source"])).toEqual({
      code: 0,
      stdout: `created source connector in ${dir}:\n  README.md\n  connector.yaml\n  lines.txt\n  package.json\n  src/index.ts\n  tsconfig.json\n`,
      stderr: "",
    });
    const build = await freshet(["cdk", "build", "--path", dir]);
    expect([build.code, build.stderr]).toEqual([0, ""]);
    expect(build.stdout).toMatch(BUILT);

    await useAbsolutePath(dir, "lines.txt");
    const test = await freshet(["cdk", "test", "--path", dir, "--records", "3", "--duration-ms", "60000"]);
    expect(test).toEqual({
      code: 0,
      stdout: [
        "file-lines (source) ran against a throwaway broker: running",
        "records in: 3, out: 3, errors: 0, dead-lettered: 0",
        "records produced to file-lines:",
        '{"partition":0,"offset":0,"value":"first line"}',
        '{"partition":0,"offset":1,"value":"second line"}',
        '{"partition":0,"offset":2,"value":"third line"}',
        "",
      ].join("\n"),
      stderr: "",
    });

    // The same build and YAML under the engine's connector process, pointed at the shared broker.
    const config = join(dir, "connector.yaml");
    await writeFile(config, (await readFile(config, "utf8")).replace("bootstrap: 127.0.0.1:9092", `bootstrap: ${spu.bootstrap}`));
    const dataDir = join(work, "file-lines-data");
    await mkdir(dataDir);
    const spawned = await spawnEngine({ entry: ENGINE_ENTRY, args: { dataDir, role: "connector", connectorConfig: config, logLevel: "warn" }, output: "pipe" });
    if (!spawned.ok) throw new Error(spawned.reason);
    const connector = spawned.process;
    let stderr = "";
    connector.child.stdout!.resume();
    connector.child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await until(
        "three lines",
        () => values("file-lines"),
        (v) => v.length >= 3,
      );
      await appendFile(join(dir, "lines.txt"), "fourth line\n");
      await until(
        "the appended line",
        () => values("file-lines"),
        (v) => v.length >= 4,
      );
    } finally {
      await stopProcess(connector.identity, 30_000);
    }
    expect(await connector.exited).toBe(0);
    expect(stderr).toBe("");
    expect(await values("file-lines")).toEqual(["first line", "second line", "third line", "fourth line"]);
  });

  it("a sink appends its topic's records to its file and dead-letters one it cannot write, with --bootstrap", { timeout: 180_000 }, async () => {
    const dir = join(work, "file-out");
    expect((await freshet(["cdk", "init", dir, "--kind", "sink"])).code).toBe(0);
    await useAbsolutePath(dir, "out.txt");
    await appendFile(join(dir, "records.jsonl"), '{"key": "empty", "value": null}\n"after it"\n');
    const test = await freshet(["--bootstrap", spu.bootstrap, "cdk", "test", "--path", dir, "--input", join(dir, "records.jsonl"), "--records", "4", "--duration-ms", "60000"]);
    expect(test).toEqual({
      code: 0,
      stdout: `file-out (sink) ran against ${spu.bootstrap}: running\nrecords in: 5, out: 4, errors: 1, dead-lettered: 1\n`,
      stderr: "",
    });
    expect(await readFile(join(dir, "out.txt"), "utf8")).toBe("first line\nsecond line\nthird line\nafter it\n");
    expect(await values("file-out-dlq")).toEqual([null]);
  });

  it("refuses an existing folder, a bad config field in one sentence, a source that fails with its reason, and code that does not type-check", { timeout: 180_000 }, async () => {
    const dir = join(work, "broken");
    expect((await freshet(["cdk", "init", dir, "--kind", "sink"])).code).toBe(0);
    expect(await freshet(["cdk", "init", dir, "--kind", "sink"])).toEqual({ code: 2, stdout: "", stderr: `freshet: ${dir} already exists\n` });
    const badKind = await freshet(["cdk", "init", join(work, "other"), "--kind", "transform"]);
    expect([badKind.code, badKind.stderr]).toEqual([2, 'freshet: invalid --kind: Invalid option: expected one of "source"|"sink"\n']);
    const config = join(dir, "connector.yaml");
    const yaml = await readFile(config, "utf8");
    await writeFile(config, yaml.replace("format: value", "format: csv"));
    expect(await freshet(["cdk", "test", "--path", dir])).toEqual({ code: 2, stdout: "", stderr: `freshet: ${config}: config.format: expected one of "json"|"value"\n` });

    const source = join(work, "missing-file");
    expect((await freshet(["cdk", "init", source, "--kind", "source"])).code).toBe(0);
    const sourceConfig = join(source, "connector.yaml");
    const missing = join(source, "nowhere.txt");
    await writeFile(sourceConfig, `${(await readFile(sourceConfig, "utf8")).replace("path: lines.txt", `path: ${missing}`)}errors:\n  retry:\n    timeoutMs: 0\n`);
    const failed = await freshet(["cdk", "test", "--path", source, "--duration-ms", "60000", "--log-level", "fatal"]);
    expect(failed).toEqual({
      code: 1,
      stdout: "missing-file (source) ran against a throwaway broker: failed\nrecords in: 0, out: 0, errors: 0, dead-lettered: 0\nrecords produced to missing-file:\n",
      stderr: `freshet: missing-file failed: reading from missing-file kept failing for 0 s (errors.retry.timeoutMs is 0): ENOENT: no such file or directory, stat '${missing}'\n`,
    });

    const index = join(dir, "src/index.ts");
    await writeFile(index, (await readFile(index, "utf8")).replace('if (format === "json")', 'if (format === "csv")'));
    expect(await freshet(["cdk", "build", "--path", dir])).toEqual({
      code: 1,
      stdout: "",
      stderr: `freshet: ${dir} does not type-check:\nsrc/index.ts:19:7: error TS2367: This comparison appears to be unintentional because the types '"json" | "value"' and '"csv"' have no overlap.\n`,
    });
  });
});

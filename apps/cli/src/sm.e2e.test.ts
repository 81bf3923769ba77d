import { access, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { CLI_MAIN, runCli, type Run } from "./test-support/run-cli.js";
import { newProjectsFolder, PREBUILT_PROJECTS } from "./test-support/sm-projects.js";

/*
 * The SmartModule development loop with the built `freshet` binary: scaffold a
 * project of each kind, build it to a component, run it on the template's sample
 * records. No cluster is involved. The filter template's build is a real cold one (an empty build
 * cache of its own); the other projects were built by the vitest global setup, so their builds come
 * from the cache (build-template-modules.ts).
 */

let work: string;

function freshet(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return runCli(work, args, undefined, env);
}

const prebuilt = (name: string) => PREBUILT_PROJECTS.some((project) => project.name === name);

beforeAll(async () => {
  await access(CLI_MAIN).catch(() => {
    throw new Error(`${CLI_MAIN} is missing: build the workspace first (npm run build)`);
  });
  work = await newProjectsFolder("freshet-smdk-e2e-");
});

afterAll(() => rm(work, { recursive: true, force: true }));

const KINDS = [
  { kind: "filter", params: [], output: ['{"offset":0,"value":"error: disk full"}', '{"offset":2,"key":"web-1","value":"error: timeout"}'] },
  { kind: "map", params: ["--param", "prefix=> "], output: ['{"offset":0,"value":"> HELLO"}', '{"offset":1,"key":"k1","value":"> WORLD"}'] },
  { kind: "filter-map", params: [], output: ['{"offset":0,"value":"padded"}', '{"offset":2,"value":"tight"}'] },
  {
    kind: "array-map",
    params: [],
    output: ['{"offset":0,"value":"the"}', '{"offset":0,"value":"quick"}', '{"offset":0,"value":"fox"}', '{"offset":2,"key":"k","value":"jumps"}'],
  },
  {
    kind: "aggregate",
    params: [],
    output: ['{"offset":0,"value":{"records":1,"bytes":3}}', '{"offset":1,"value":{"records":2,"bytes":5}}', '{"offset":2,"key":"k","value":{"records":3,"bytes":10}}'],
  },
] as const;

describe("freshet sm init, build and test", () => {
  for (const { kind, params, output } of KINDS) {
    it(`the ${kind} template builds and runs on its sample records`, { timeout: 120_000 }, async () => {
      const dir = join(work, `my-${kind}`);
      const init = await freshet(["sm", "init", dir, "--kind", kind]);
      expect(init).toEqual({
        code: 0,
        stdout: `created ${kind} module in ${dir}:\n  README.md\n  package.json\n  records.jsonl\n  src/index.ts\n`,
        stderr: "",
      });

      // A cache of its own, empty, unless the global setup built this project already.
      const cache = prebuilt(`my-${kind}`) ? {} : { FRESHET_SM_CACHE: join(work, `cache-${kind}`) };
      const build = await freshet(["sm", "build", "--path", dir], cache);
      expect(build.stderr).toBe("");
      expect(build.code).toBe(0);
      const fromCache = prebuilt(`my-${kind}`) ? ", from the build cache" : "";
      expect(build.stdout).toMatch(new RegExp(`^built dist/my-${kind}\\.wasm \\(\\d+\\.\\d (KiB|MiB)\\) in \\d+\\.\\d+ s${fromCache}\\n$`));

      const test = await freshet(["sm", "test", "--path", dir, "--input", join(dir, "records.jsonl"), ...params], cache);
      expect(test).toEqual({ code: 0, stdout: `${output.join("\n")}\n`, stderr: "" });
    });
  }

  it("runs a built component with parameters, carries an aggregate across batches and reports bad records on stderr", { timeout: 120_000 }, async () => {
    const wasmPath = join(work, "running-sum.wasm");
    await writeFile(wasmPath, (await buildSmartModule(examplePath("running-sum"))).wasm);
    const input = join(work, "readings.jsonl");
    // 1001 records: more than one batch of `sm test`, so the sum must carry over.
    const lines = Array.from({ length: 1001 }, (_, i) => (i === 3 ? '{"v":"three"}' : `{"v":${i}}`));
    await writeFile(input, `${lines.join("\n")}\n`);
    const run = await freshet(["sm", "test", "--wasm", wasmPath, "--input", input, "--param", "field=v"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("error: record at offset 3: Error: field 'v' is not a number\n");
    const out = run.stdout.trimEnd().split("\n");
    expect(out).toHaveLength(1000);
    expect(out[0]).toBe('{"offset":0,"value":{"count":1,"sum":0}}');
    expect(out.at(-1)).toBe(`{"offset":1000,"value":{"count":1000,"sum":${(1000 * 1001) / 2 - 3}}}`);
  });

  it("refuses to build a module that does not type-check, naming file:line:column, and writes no component", async () => {
    const dir = join(work, "wrong-default");
    expect((await freshet(["sm", "init", dir, "--kind", "filter"])).code).toBe(0);
    const source = join(dir, "src/index.ts");
    // A number where the SDK takes the default as text: esbuild alone would bundle it, and only `sm load` refused it.
    await writeFile(source, (await readFile(source, "utf8")).replace('param.string("the text to look for", "error")', 'param.string("the text to look for", 10)'));
    const build = await freshet(["sm", "build", "--path", dir]);
    expect(build).toEqual({
      code: 1,
      stdout: "",
      stderr: "freshet: wrong-default does not type-check:\nsrc/index.ts:8:52: error TS2345: Argument of type 'number' is not assignable to parameter of type 'string'.\n",
    });
    await expect(access(join(dir, "dist/wrong-default.wasm"))).rejects.toThrow();
  }, 60_000);

  it("refuses an existing folder, a bad kind, unknown parameters and malformed input", async () => {
    const dir = join(work, "taken");
    expect((await freshet(["sm", "init", dir, "--kind", "filter"])).code).toBe(0);
    expect(await freshet(["sm", "init", dir, "--kind", "filter"])).toEqual({ code: 2, stdout: "", stderr: `freshet: ${dir} already exists\n` });
    const badKind = await freshet(["sm", "init", join(work, "other"), "--kind", "reduce"]);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toMatch(/^freshet: invalid --kind: /);

    const unknown = await freshet(["sm", "test", "--path", dir, "--input", join(dir, "records.jsonl"), "--param", "colour=red"]);
    expect(unknown).toEqual({ code: 1, stdout: "", stderr: "freshet: unknown parameter 'colour' for SmartModule 'taken' (it accepts: contains)\n" });

    const broken = join(work, "broken.jsonl");
    await writeFile(broken, '"fine"\n{oops\n');
    const malformed = await freshet(["sm", "test", "--path", dir, "--input", broken]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^freshet: .*broken\.jsonl: line 2 is not JSON: /);
  });
});

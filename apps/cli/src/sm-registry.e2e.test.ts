import { access, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSpu, type RunningSpu } from "@freshet/client/internal/spu-process";
import { buildSmartModule } from "@freshet/smartmodule/build/build-module";
import { digestOf } from "@freshet/smartmodule/host/compile-node";
import { examplePath } from "@freshet/smartmodule/internal/test-modules";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_MAIN, runCli, type Run } from "./test-support/run-cli.js";

/*
 * `freshet sm load/list/delete` with the built binary against a real broker
 * process. The steps share the broker and run in order.
 */

let home: string;
let spu: RunningSpu;
let jsonFilter: Uint8Array;
let regexFilter: Uint8Array;

function freshet(args: readonly string[]): Promise<Run> {
  return runCli(home, ["--bootstrap", spu.bootstrap, ...args]);
}

beforeAll(async () => {
  await access(CLI_MAIN).catch(() => {
    throw new Error(`${CLI_MAIN} is missing: build the workspace first (npm run build)`);
  });
  home = await mkdtemp(join(tmpdir(), "freshet-sm-registry-e2e-"));
  jsonFilter = (await buildSmartModule(examplePath("json-filter"))).wasm;
  regexFilter = (await buildSmartModule(examplePath("regex-filter"))).wasm;
  spu = await startSpu();
}, 180_000);

afterAll(async () => {
  await spu?.stop();
  await rm(home, { recursive: true, force: true });
});

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

describe("freshet sm load, list and delete", () => {
  it("lists nothing on a new broker", async () => {
    expect(await freshet(["sm", "list"])).toEqual({ code: 0, stdout: "no SmartModules loaded\n", stderr: "" });
  });

  it("loads a project directory by its package.json name and version", async () => {
    const project = join(home, "my-filter");
    await mkdir(join(project, "dist"), { recursive: true });
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "@acme/my-filter", version: "1.2.0" }));
    await writeFile(join(project, "dist", "my-filter.wasm"), jsonFilter);
    expect(await freshet(["sm", "load", project])).toEqual({
      code: 0,
      stdout: `loaded my-filter@1.2.0 (filter, ${mib(jsonFilter.byteLength)}, digest ${digestOf(jsonFilter).slice(0, 12)})\n`,
      stderr: "",
    });
  });

  it("loads a .wasm file under the given name and version", async () => {
    const file = join(home, "regex.wasm");
    await writeFile(file, regexFilter);
    expect(await freshet(["sm", "load", file, "--name", "regex-filter@0.3.0"])).toEqual({
      code: 0,
      stdout: `loaded regex-filter@0.3.0 (filter, ${mib(regexFilter.byteLength)}, digest ${digestOf(regexFilter).slice(0, 12)})\n`,
      stderr: "",
    });
    const noVersion = await freshet(["sm", "load", file]);
    expect(noVersion).toEqual({ code: 2, stdout: "", stderr: `freshet: give --name NAME@VERSION when loading a .wasm file (${file})\n` });
  });

  it("refuses what is not a component and a project that was never built, with the reason", async () => {
    const junk = join(home, "junk.wasm");
    await writeFile(junk, "not a component");
    const refused = await freshet(["sm", "load", junk, "--name", "junk@1.0.0"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/^freshet: load SmartModule junk@1\.0\.0 \(SmartModule junk@1\.0\.0 was rejected: not a WebAssembly component: .*\): INVALID_REQUEST/);

    const unbuilt = join(home, "unbuilt");
    await mkdir(unbuilt);
    await writeFile(join(unbuilt, "package.json"), JSON.stringify({ name: "unbuilt", version: "0.1.0" }));
    expect(await freshet(["sm", "load", unbuilt])).toEqual({
      code: 1,
      stdout: "",
      stderr: `freshet: ${join(unbuilt, "dist", "unbuilt.wasm")} does not exist — build the project first with \`freshet sm build --path ${unbuilt}\`\n`,
    });
  });

  it("lists name, version, kind, size, digest prefix and description", async () => {
    const listed = await freshet(["sm", "list"]);
    expect(listed.stderr).toBe("");
    expect(listed.stdout.split("\n").map((line) => line.split(/ {2,}/))).toEqual([
      ["NAME", "VERSION", "KIND", "SIZE", "DIGEST", "DESCRIPTION"],
      ["my-filter", "1.2.0", "filter", mib(jsonFilter.byteLength), digestOf(jsonFilter).slice(0, 12), "keep JSON records whose field equals a value"],
      ["regex-filter", "0.3.0", "filter", mib(regexFilter.byteLength), digestOf(regexFilter).slice(0, 12), expect.any(String)],
      [""],
    ]);
  });

  it("deletes a version, then says there is nothing left to delete", async () => {
    expect(await freshet(["sm", "delete", "my-filter@1.2.0"])).toEqual({ code: 0, stdout: "deleted my-filter@1.2.0\n", stderr: "" });
    expect(await freshet(["sm", "delete", "regex-filter"])).toEqual({ code: 0, stdout: "deleted regex-filter (every version)\n", stderr: "" });
    const again = await freshet(["sm", "delete", "regex-filter"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^freshet: delete SmartModule regex-filter \(no SmartModule regex-filter is loaded\): RESOURCE_NOT_FOUND/);
    expect(await freshet(["sm", "list"])).toEqual({ code: 0, stdout: "no SmartModules loaded\n", stderr: "" });
  });
});

import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { typeCheckModule } from "./type-check.js";

const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const FILTER_TEMPLATE = join(PACKAGE, "templates/filter/src/index.ts");

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "freshet-type-check-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** A project outside the workspace (as `sm init` makes one) whose src/index.ts is `source`. */
async function project(name: string, source: string): Promise<string> {
  const dir = join(work, name);
  await mkdir(join(dir, "src"), { recursive: true });
  await writeFile(join(dir, "src/index.ts"), source);
  return dir;
}

describe("typeCheckModule", () => {
  it("passes every template `sm init` copies, and an example of the SDK's richer use", async () => {
    const projects = [...(await readdir(join(PACKAGE, "templates"))).map((d) => join(PACKAGE, "templates", d)), join(PACKAGE, "examples/running-sum")];
    for (const dir of projects) expect(typeCheckModule(join(dir, "src/index.ts"), dir), dir).toEqual([]);
  }, 120_000);

  it("reports a parameter default of the wrong type as file:line:column, outside the workspace too", async () => {
    const source = (await readFile(FILTER_TEMPLATE, "utf8")).replace('param.string("the text to look for", "error")', 'param.string("the text to look for", 10)');
    const dir = await project("wrong-default", source);
    expect(typeCheckModule(join(dir, "src/index.ts"), dir)).toEqual(["src/index.ts:8:52: error TS2345: Argument of type 'number' is not assignable to parameter of type 'string'."]);
  }, 60_000);

  it("reports errors in files the entry imports, and a misspelled SDK export", async () => {
    const dir = await project("two-files", 'import { filterr } from "@freshet/smartmodule/guest";\nimport { limit } from "./limit.js";\nexport const x: string = limit;\nexport { filterr };\n');
    await writeFile(join(dir, "src/limit.ts"), "export const limit: number = 'ten';\n");
    expect(typeCheckModule(join(dir, "src/index.ts"), dir)).toEqual([
      "src/index.ts:1:10: error TS2724: '\"@freshet/smartmodule/guest\"' has no exported member named 'filterr'. Did you mean 'filter'?",
      "src/index.ts:3:14: error TS2322: Type 'number' is not assignable to type 'string'.",
      "src/limit.ts:1:14: error TS2322: Type 'string' is not assignable to type 'number'.",
    ]);
  }, 60_000);

  it("reports a browser or Node global the sandbox does not offer", async () => {
    const dir = await project("globals", 'export const title: string = document.title;\nexport const bytes = new TextEncoder().encode("ok");\n');
    expect(typeCheckModule(join(dir, "src/index.ts"), dir)).toEqual([
      "src/index.ts:1:30: error TS2584: Cannot find name 'document'. Do you need to change your target library? Try changing the 'lib' compiler option to include 'dom'.",
    ]);
  }, 60_000);
});

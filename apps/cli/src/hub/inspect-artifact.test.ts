import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectConnector } from "./inspect-artifact.js";

/** Inside the workspace, so a bundle's bare `zod` import resolves as it does for a built connector. */
const HERE = fileURLToPath(new URL(".", import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(HERE, ".inspect-"));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("inspectConnector", () => {
  it("reads the direction and describes the config as JSON Schema", async () => {
    const file = join(dir, "connector.js");
    await writeFile(
      file,
      [
        'import { z } from "zod";',
        'export default { kind: "sink", type: "lines", config: z.object({ path: z.string().describe("where to write"), every: z.number().int().optional() }), open() {}, check() {} };',
      ].join("\n"),
    );
    const facts = await inspectConnector(file);
    expect(facts.connector?.direction).toBe("sink");
    expect(facts.connector?.configSchema).toMatchObject({
      type: "object",
      properties: { path: { type: "string", description: "where to write" }, every: { type: "integer" } },
      required: ["path"],
    });
  });

  it("refuses a file that exports no connector, in one sentence", async () => {
    const file = join(dir, "not-a-connector.js");
    await writeFile(file, "export default 42;");
    await expect(inspectConnector(file)).rejects.toMatchObject({ name: "UserError", message: `${file} does not export a connector as default; rebuild it with \`freshet cdk build\`` });
  });
});

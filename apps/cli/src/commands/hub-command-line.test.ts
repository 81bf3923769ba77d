/*
 * What the Hub commands refuse before talking to anyone: each refusal one sentence on stderr,
 * exit 2 for a wrong command line and 1 for a missing login or key.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../program.js";
import { captureContext } from "../test-support/capture-context.js";

let home: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "freshet-cli-hub-"));
});

afterEach(() => rm(home, { recursive: true, force: true }));

async function run(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const context = captureContext({ home });
  const code = await runCli(args, context);
  return { code, out: context.out(), err: context.err() };
}

describe("freshet hub on the command line", () => {
  it.each([
    [["hub", "yank", "acme/hot@^1.2", "--reason", "broken"], 2, '"acme/hot@^1.2" must name one exact version, such as acme/hot@1.2.3.'],
    [["hub", "yank", "acme/hot@1.2.0"], 2, "say why with --reason: it is shown beside the yanked version"],
    [["hub", "info", "acme/hot@1.2"], 2, "give the package as group/name, without a version: acme/hot"],
    [["hub", "download", "hot"], 2, '"hot" is not a package reference: write group/name or group/name@range, such as acme/hot@^1.2.'],
    [["hub", "search", "x", "--kind", "plugin"], 2, "invalid --kind: must be smartmodule or connector"],
    [["hub", "claim", "A"], 2, 'The group "A" must be 2 to 39 lowercase letters, digits or hyphens, starting with a letter or digit.'],
    [["hub", "login", "--api-key", "sk_live_x"], 2, 'invalid --api-key: must be a Freshet API key (they start with "fsk_")'],
    [["hub", "login", "--api-url", "http://127.0.0.1:1"], 2, "--api-url goes with --api-key; without it the key is made at the cloud login's address"],
    [["hub", "login"], 1, "not logged in to Freshet cloud — run `freshet cloud login` first"],
    [["hub", "keygen"], 1, "not logged in to Freshet cloud — run `freshet cloud login` first"],
    [["hub", "publish"], 1, "no Hub publishing key — run `freshet hub login` first"],
    [["sm", "load", "acme/hot@^1.2", "--name", "hot@1.0.0"], 2, "a module from the Hub is loaded under its package's name and version; --name is for files and projects"],
  ])("%j exits %i", async (args, code, sentence) => {
    const result = await run(args);
    expect(result.code).toBe(code);
    expect(result.out).toBe("");
    expect(result.err).toBe(`freshet: ${sentence}\n`);
  });
});

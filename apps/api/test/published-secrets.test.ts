import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { publishedSecret } from "@freshet/control-plane/dev-secrets";

// The built entry points, started as a deployment (or `npm start` before it made its own secrets)
// would start them: with the secrets whose values are written in this repository.

const API_DIR = fileURLToPath(new URL("../", import.meta.url));
const WORKER_ENTRY = fileURLToPath(new URL("../../worker/dist/main.js", import.meta.url));

const { NODE_ENV: _testRunner, ...outsideTests } = process.env;
const published = {
  ...outsideTests,
  BETTER_AUTH_SECRET: publishedSecret("auth-secret"),
  CONTROL_PLANE_SECRET: publishedSecret("control-plane-secret"),
  SMTP_URL: "smtp://127.0.0.1:1",
  API_PORT: "0",
};

async function exitOf(args: string[], cwd: string | undefined, env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)(process.execPath, args, { cwd, env, timeout: 30_000 });
    return { code: 0, stderr: "" };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

describe("the published development secrets", () => {
  it("stop the API and the worker from starting outside tests, with one sentence saying why", async () => {
    const api = await exitOf(["--import", "./dist/polyfills/object-group-by.js", "dist/main.js"], API_DIR, published);
    expect(api.code).toBe(2);
    expect(api.stderr).toMatch(
      /^freshet-api: invalid environment: BETTER_AUTH_SECRET: is the development value published in Freshet's source, .*; CONTROL_PLANE_SECRET: is the development value published /,
    );

    const worker = await exitOf([WORKER_ENTRY], undefined, published);
    expect(worker.code).toBe(2);
    expect(worker.stderr).toMatch(/^freshet-worker: invalid environment: CONTROL_PLANE_SECRET: is the development value published in Freshet's source/);
  });
});

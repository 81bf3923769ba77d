import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineArgv, ENGINE_ENTRY, identityOf, stopProcess, waitUntilListening } from "../src/launch/index.js";

/*
 * Issue 14: an idle broker's resident memory is mostly the code it loaded while starting.
 * What only a role, a setting or a first request needs is imported then (main.ts, broker.ts,
 * runtime-node.ts). This names what a plain standalone broker must not have loaded once it
 * listens, so a static import that brings one back fails here instead of costing a few MiB
 * in the next benchmark. The first use of each is covered where the feature is tested
 * (metrics.test.ts, sasl.test.ts, smartmodule-registry.test.ts, cluster/).
 */
const NOT_AT_STARTUP: Record<string, RegExp> = {
  "prom-client (only with --metrics-port)": /\/node_modules\/prom-client\//,
  "the controller (--role sc)": /\/engine\/(dist|src)\/controller\//,
  "replication (--role spu)": /\/engine\/(dist|src)\/replication\/replica-manager\./,
  "SASL and SCRAM (--sasl-credentials)": /\/engine\/(dist|src)\/auth\/(sasl-gate|scram-server|credential-store)\./,
  "the SmartModule compiler and sandbox (first chain or registration)": /\/smartmodule\/(dist|src)\/(host\/compile-node|sandbox\/worker-instance|chain\/chain)\./,
  "the client a broker reads remote sources with (first remote derivation)": /\/client\/(dist|src)\/cluster\/cluster\./,
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "freshet-startup-modules-"));
  // A module hook in the worker writes the URL of every module it loads to MODULES_FILE.
  await writeFile(
    join(dir, "hooks.mjs"),
    `import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  appendFileSync(process.env.MODULES_FILE, url + "\\n");
  return next(url, context);
}
`,
  );
  await writeFile(join(dir, "register.mjs"), `import { register } from "node:module";\nregister("./hooks.mjs", import.meta.url);\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a standalone broker's startup", () => {
  it("loads none of the code that only other roles, unset options or first requests use", async () => {
    const dataDir = join(dir, "data");
    const modulesFile = join(dir, "modules.txt");
    const child = spawn(process.execPath, ["--import", join(dir, "register.mjs"), ENGINE_ENTRY, ...engineArgv({ dataDir, port: 0, logLevel: "warn" })], {
      env: { ...process.env, MODULES_FILE: modulesFile },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const exited = once(child, "exit");
    try {
      const identity = identityOf(child.pid!);
      expect(identity).not.toBeNull();
      const ready = await waitUntilListening({ dataDir, identity: identity!, timeoutMs: 30_000 });
      expect(ready.ok).toBe(true);
      const loaded = (await readFile(modulesFile, "utf8")).split("\n");
      // The hook saw the broker itself, so an empty list cannot pass for a lean one.
      expect(loaded.some((url) => /\/engine\/(dist|src)\/broker\/broker\./.test(url))).toBe(true);
      const present = Object.entries(NOT_AT_STARTUP)
        .filter(([, pattern]) => loaded.some((url) => pattern.test(url)))
        .map(([what]) => what);
      expect(present).toEqual([]);
      expect(await stopProcess(identity!, 30_000)).toBe("stopped");
    } finally {
      child.kill("SIGKILL");
      await exited;
    }
  });
});

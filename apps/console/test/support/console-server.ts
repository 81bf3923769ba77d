import { access } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { startProcess, type ManagedProcess } from "./process";

const CONSOLE_DIR = fileURLToPath(new URL("../../", import.meta.url));

/** The line the console's server prints once it accepts requests. */
export const CONSOLE_READY = /console ready on/;

/** Spawns the built console's own server (server.mjs, as `npm start` runs it) on `port` (loopback), proxying /api/* to `apiUrl`; ready once it prints CONSOLE_READY. */
export async function spawnConsole(apiUrl: string, port: number, env: NodeJS.ProcessEnv = {}): Promise<ManagedProcess> {
  await access(`${CONSOLE_DIR}.next/BUILD_ID`).catch(() => {
    throw new Error("apps/console has no production build: run `npx turbo run build --filter=@freshet/console` first");
  });
  return startProcess("console", process.execPath, ["server.mjs", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: CONSOLE_DIR,
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", API_URL: apiUrl },
  });
}

/** The console's server, spawned and ready. */
export async function startConsole(apiUrl: string, port: number, env: NodeJS.ProcessEnv = {}): Promise<{ url: string; process: ManagedProcess }> {
  const server = await spawnConsole(apiUrl, port, env);
  await server.waitForLine(CONSOLE_READY, 30_000);
  return { url: `http://127.0.0.1:${port}`, process: server };
}

import { access } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { startProcess, type ManagedProcess } from "./process";

const CONSOLE_DIR = fileURLToPath(new URL("../../", import.meta.url));

/** The built console's own server (server.mjs, as `npm start` runs it) on `port` (loopback), proxying /api/* to `apiUrl`. */
export async function startConsole(apiUrl: string, port: number, env: NodeJS.ProcessEnv = {}): Promise<{ url: string; process: ManagedProcess }> {
  await access(`${CONSOLE_DIR}.next/BUILD_ID`).catch(() => {
    throw new Error("apps/console has no production build: run `npx turbo run build --filter=@freshet/console` first");
  });
  const server = startProcess("console", process.execPath, ["server.mjs", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: CONSOLE_DIR,
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", API_URL: apiUrl },
  });
  await server.waitForLine(/console ready on/, 30_000);
  return { url: `http://127.0.0.1:${port}`, process: server };
}

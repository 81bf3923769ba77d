import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { access, mkdir, readdir, readFile, rename } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The Go and Python client programs of test/clients/, run as a user of each client would. */
export const CLIENTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../clients");

/** Debian's Python, where python3-kafka and python3-confluent-kafka are installed (not a pyenv shim). */
const PYTHON = "/usr/bin/python3";

export interface ProgramResult {
  readonly code: number | null;
  readonly output: string;
}

export function runProgram(command: string, args: string[], timeoutMs: number, options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<ProgramResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: options.env ?? process.env, cwd: options.cwd });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} timed out\n${output}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

export function runPython(script: string, args: string[], timeoutMs = 90_000): Promise<ProgramResult> {
  return runProgram(PYTHON, [join(CLIENTS_DIR, "python", script), ...args], timeoutMs);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Builds one Go program of test/clients/ offline against Debian's packaged sources
 * (GOPATH mode over /usr/share/gocode), once per source hash: later runs and other
 * test files reuse the binary from the temporary directory.
 */
export async function buildGoProgram(name: string): Promise<string> {
  const dir = join(CLIENTS_DIR, name);
  const files = (await readdir(dir)).filter((f) => f.endsWith(".go")).sort();
  const hash = createHash("sha256");
  for (const file of files) hash.update(file).update(await readFile(join(dir, file)));
  const cache = join(tmpdir(), "freshet-go-clients");
  const binary = join(cache, `${name}-${hash.digest("hex").slice(0, 16)}`);
  if (await exists(binary)) return binary;
  await mkdir(cache, { recursive: true });
  const building = `${binary}.${process.pid}.tmp`;
  const env = { ...process.env, GO111MODULE: "off", GOPATH: "/usr/share/gocode", GOCACHE: join(cache, "go-build"), GOFLAGS: "" };
  const built = await runProgram("go", ["build", "-o", building, "."], 300_000, { env, cwd: dir }).catch((error: unknown) => ({ code: -1, output: String(error) }));
  if (built.code !== 0) throw new Error(`go build of ${name} failed:\n${built.output}`);
  // Atomic, so a concurrent test file never runs a half-written binary.
  await rename(building, binary);
  return binary;
}

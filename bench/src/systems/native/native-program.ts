import { execFile, spawn } from "node:child_process";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { UnavailableError, type OpenLoopRun } from "../driver.js";

/** bench/native: the C sources, and build/ (git-ignored) for the binaries compiled from them. */
const NATIVE_DIR = fileURLToPath(new URL("../../../native/", import.meta.url));
const BUILD_DIR = `${NATIVE_DIR}build/`;
/** Included by every program: a change to it rebuilds them all. */
const COMMON_HEADER = `${NATIVE_DIR}common.h`;

/** One of our C clients in bench/native and what it needs to compile. */
export interface NativeProgram {
  /** Source bench/native/<name>.c, binary bench/native/build/<name>. */
  readonly name: string;
  /** The header whose absence means the library's -dev package is missing. */
  readonly header: string;
  readonly library: string;
  /** The Debian packages that provide the header and library. */
  readonly aptPackages: string;
}

export const RDKAFKA_BENCH: NativeProgram = { name: "rdkafka-bench", header: "librdkafka/rdkafka.h", library: "rdkafka", aptPackages: "librdkafka-dev" };
export const NATS_BENCH: NativeProgram = { name: "nats-bench", header: "nats/nats.h", library: "nats", aptPackages: "libnats-dev" };

function compile(args: readonly string[]): Promise<{ ok: true } | { ok: false; missingCompiler: boolean; stderr: string }> {
  return new Promise((resolve) => {
    execFile("cc", args, { timeout: 120_000 }, (error, _stdout, stderr) => {
      if (error === null) return resolve({ ok: true });
      resolve({ ok: false, missingCompiler: (error as NodeJS.ErrnoException).code === "ENOENT", stderr: String(stderr) });
    });
  });
}

async function modifiedMs(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * Compiles the program with `cc` unless its binary is newer than its source and common.h,
 * and returns the binary's path. Missing headers, library or compiler make the
 * driver unavailable with the packages to install; any other compiler error is ours.
 */
export async function buildProgram(program: NativeProgram): Promise<string> {
  const source = `${NATIVE_DIR}${program.name}.c`;
  const binary = `${BUILD_DIR}${program.name}`;
  const [sourceMs, headerMs, binaryMs] = await Promise.all([modifiedMs(source), modifiedMs(COMMON_HEADER), modifiedMs(binary)]);
  if (sourceMs === null) throw new Error(`${source} is missing`);
  if (headerMs === null) throw new Error(`${COMMON_HEADER} is missing`);
  if (binaryMs !== null && binaryMs >= Math.max(sourceMs, headerMs)) return binary;
  await mkdir(BUILD_DIR, { recursive: true });
  // Written beside and renamed into place, so a concurrent run never executes a half-written binary.
  const partial = `${binary}.${process.pid}.tmp`;
  const compiled = await compile(["-O2", "-std=gnu11", "-Wall", "-Wextra", "-o", partial, source, `-l${program.library}`]);
  if (!compiled.ok) {
    await rm(partial, { force: true });
    if (compiled.missingCompiler)
      throw new UnavailableError(`there is no C compiler (cc) to build bench/native/${program.name}.c; install one and the library: apt-get install -y gcc ${program.aptPackages}`);
    if (compiled.stderr.includes(`${program.header}: No such file`) || compiled.stderr.includes(`cannot find -l${program.library}`)) {
      throw new UnavailableError(`${program.header} or lib${program.library} is missing; install the Debian package ${program.aptPackages}: apt-get install -y ${program.aptPackages}`);
    }
    throw new Error(`cc could not compile bench/native/${program.name}.c: ${compiled.stderr.trim().split("\n").slice(0, 5).join(" / ")}`);
  }
  await rename(partial, binary);
  return binary;
}

const programOutput = z.object({
  records: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  seconds: z.number().positive(),
  latencies_us: z.array(z.number().nonnegative()).optional(),
});
export type ProgramOutput = z.infer<typeof programOutput>;

/**
 * Runs one phase of a native client and returns what it measured. The program
 * is killed on abort; a failure carries the last line it wrote to stderr.
 */
export function runProgram(binary: string, args: readonly (string | number)[], signal: AbortSignal): Promise<ProgramOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args.map(String), { stdio: ["ignore", "pipe", "pipe"], signal });
    const stdout: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4096);
    });
    child.once("error", reject);
    child.once("close", (code, killedBy) => {
      const name = binary.slice(binary.lastIndexOf("/") + 1);
      if (code !== 0) {
        const why = stderr.trim().split("\n").at(-1) ?? "";
        return reject(new Error(`${name} ${String(args[0])} ${killedBy === null ? `exited with code ${code}` : `was ended by ${killedBy}`}${why === "" ? "" : `: ${why}`}`));
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(stdout).toString("utf8"));
      } catch {
        return reject(new Error(`${name} ${String(args[0])} printed something other than one JSON object`));
      }
      const checked = programOutput.safeParse(parsed);
      if (!checked.success) return reject(new Error(`${name} ${String(args[0])} printed an unexpected result: ${checked.error.issues[0]?.message ?? "invalid"}`));
      resolve(checked.data);
    });
  });
}

/** The MAX_BACKLOG argument of the programs' latency mode: 0 = none. */
export function backlogArgument(maxBacklog: number): number {
  return Number.isFinite(maxBacklog) ? Math.max(1, Math.round(maxBacklog)) : 0;
}

/** A latency run's output as the harness's open-loop result; every record sent must have its latency. */
export function openLoopRunOf(output: ProgramOutput, records: number): OpenLoopRun {
  const latencies = output.latencies_us;
  if (latencies?.length !== output.records || output.records > records || output.records === 0) {
    throw new Error(`the native client reported ${latencies?.length ?? 0} latencies for ${output.records} of ${records} records`);
  }
  return { latenciesMs: latencies.map((micros) => micros / 1000), seconds: output.seconds };
}

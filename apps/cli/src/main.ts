#!/usr/bin/env node
import { loadEnv } from "./env.js";
import { nodeOutput } from "./output/node-output.js";
import { runCli } from "./program.js";

async function main(): Promise<number> {
  const env = loadEnv(process.env);
  if (!env.ok) {
    process.stderr.write(`freshet: ${env.message}\n`);
    return 2;
  }
  // `freshet consume … | head` closes the pipe early: that is a normal end, not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
  });
  return runCli(process.argv.slice(2), {
    env: env.value,
    stdin: process.stdin,
    stdout: nodeOutput(process.stdout),
    stderr: nodeOutput(process.stderr),
    interactive: process.stderr.isTTY === true,
    now: () => Date.now(),
  });
}

main().then(
  (code) => {
    // Exit once output is flushed; nothing the command left behind may keep us alive.
    process.stdout.write("", () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`freshet: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

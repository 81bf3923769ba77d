import { FLAGS, type WorkerConfig } from "../config.js";

/**
 * The settings of an engine process a launcher passes, named as in WorkerConfig. Every one
 * becomes the command-line flag config.ts parses it from, so the two cannot drift apart; a
 * setting left out takes the worker's default. The controller address is `host:port`.
 */
export type EngineArgs = { readonly dataDir: string } & {
  readonly [K in Exclude<keyof WorkerConfig, "dataDir">]?: K extends "sc" ? string : NonNullable<WorkerConfig[K]>;
};

/** The worker's command line for `args`, in the order config.ts lists its flags. */
export function engineArgv(args: EngineArgs): string[] {
  const values = args as Readonly<Record<string, string | number | boolean | undefined>>;
  const argv: string[] = [];
  for (const [flag, spec] of Object.entries(FLAGS)) {
    const value = values[spec.key];
    if (value !== undefined) argv.push(`--${flag}`, String(value));
  }
  return argv;
}

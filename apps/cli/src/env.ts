import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";

const envSchema = z.object({
  /** Directory for config.json and the default local cluster data; default ~/.freshet. */
  FRESHET_HOME: z.string().min(1).optional(),
  /** Path to the SPU worker entry (main.js); default: @freshet/spu-worker's built main. */
  FRESHET_SPU_WORKER: z.string().min(1).optional(),
  /** "1" prints stack traces of unexpected errors; default off. */
  FRESHET_DEBUG: z.enum(["0", "1"]).optional(),
  /** API key (fsk_…) for `freshet cloud login`, instead of --api-key or stdin. */
  FRESHET_API_KEY: z.string().min(1).optional(),
  /** SASL password for --sasl-username when --sasl-password is not given (kept out of `ps` and shell history). */
  FRESHET_PASSWORD: z.string().min(1).optional(),
});

export interface CliEnv {
  readonly home: string;
  readonly workerPath: string | undefined;
  readonly debug: boolean;
  readonly apiKey?: string;
  readonly saslPassword?: string;
}

/** Parses the environment once; a bad value is reported by name. */
export function loadEnv(env: NodeJS.ProcessEnv): { ok: true; value: CliEnv } | { ok: false; message: string } {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `invalid ${String(issue.path[0])}: ${issue.message}` };
  }
  return {
    ok: true,
    value: {
      home: parsed.data.FRESHET_HOME ?? join(homedir(), ".freshet"),
      workerPath: parsed.data.FRESHET_SPU_WORKER,
      debug: parsed.data.FRESHET_DEBUG === "1",
      apiKey: parsed.data.FRESHET_API_KEY,
      saslPassword: parsed.data.FRESHET_PASSWORD,
    },
  };
}

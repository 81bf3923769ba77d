import type { CliContext } from "../context.js";
import { EXIT_USAGE, UserError } from "../errors/user-error.js";

/**
 * The key to log in with: --api-key, else FRESHET_API_KEY, else the first line piped on stdin
 * (kept out of shell history and `ps`). A terminal on stdin is never read: nothing would end it.
 */
export async function readApiKey(context: CliContext, flag: string | undefined): Promise<string> {
  const key = flag ?? context.env.apiKey ?? (context.stdin.isTTY === true ? undefined : await firstLine(context.stdin));
  if (key === undefined || key === "") {
    throw new UserError("no API key — pass --api-key, set FRESHET_API_KEY or pipe it on stdin (create one in the console under API keys)", EXIT_USAGE);
  }
  if (!key.startsWith("fsk_")) throw new UserError('that is not a Freshet API key (they start with "fsk_")', EXIT_USAGE);
  return key;
}

async function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
  return (text.split(/\r?\n/)[0] ?? "").trim();
}

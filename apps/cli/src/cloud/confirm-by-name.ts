import { createInterface } from "node:readline";
import type { CliContext } from "../context.js";
import { EXIT_USAGE, UserError } from "../errors/user-error.js";

export interface Confirmation {
  /** What the action destroys, as a sentence ("Deleting cluster "main" removes …"). */
  readonly whatIsLost: string;
  /** The name the person types to go ahead. */
  readonly name: string;
  /** --yes: confirmed on the command line (scripts). */
  readonly yes: boolean;
}

/**
 * Asks a person at a terminal to type the name of what they are about to destroy. Without a
 * terminal there is no one to ask, so only --yes goes ahead: a script never destroys by accident.
 */
export async function confirmByName(context: CliContext, { whatIsLost, name, yes }: Confirmation): Promise<void> {
  if (yes) return;
  if (context.stdin.isTTY !== true) throw new UserError(`${whatIsLost} Pass --yes to confirm (stdin is not a terminal to ask on).`, EXIT_USAGE);
  await context.stderr.write(`${whatIsLost}\nType "${name}" to confirm: `);
  const typed = await firstLine(context.stdin);
  if (typed?.trim() !== name) throw new UserError(`not confirmed: "${name}" was not typed, nothing was deleted`);
}

async function firstLine(input: NodeJS.ReadableStream): Promise<string | undefined> {
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  try {
    for await (const line of lines) return line;
    return undefined;
  } finally {
    lines.close();
  }
}

import { parseArgs } from "node:util";
import { z } from "zod";

const portError = "--port must be a whole number from 0 to 65535";

const flagsSchema = z
  .object({
    /** 0 picks a free port. Default 12111, stripe-mock's port. */
    port: z.coerce.number({ error: portError }).int({ error: portError }).min(0, { error: portError }).max(65535, { error: portError }).default(12111),
    host: z.string().min(1).default("127.0.0.1"),
    /** Where events are POSTed; needs --webhook-secret. */
    webhook: z.url({ protocol: /^https?$/, error: "--webhook must be an http(s) URL" }).optional(),
    /** The endpoint secret events are signed with (whsec_… in Stripe). */
    webhookSecret: z.string().trim().min(1, "--webhook-secret must not be blank").optional(),
  })
  .refine((flags) => (flags.webhook === undefined) === (flags.webhookSecret === undefined), { message: "--webhook and --webhook-secret go together" });

export type SimulatorFlags = z.output<typeof flagsSchema>;

/** The command line parsed, or one plain sentence saying what is wrong with it. */
export type FlagsResult = { readonly ok: true; readonly flags: SimulatorFlags } | { readonly ok: false; readonly message: string };

export function parseSimulatorFlags(argv: readonly string[]): FlagsResult {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: { port: { type: "string" }, host: { type: "string" }, webhook: { type: "string" }, "webhook-secret": { type: "string" } },
      strict: true,
    }).values;
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const parsed = flagsSchema.safeParse({ port: values["port"], host: values["host"], webhook: values["webhook"], webhookSecret: values["webhook-secret"] });
  if (parsed.success) return { ok: true, flags: parsed.data };
  const issue = parsed.error.issues[0];
  const flag = issue?.path[0] === "webhookSecret" ? "--webhook-secret" : issue?.path[0] === undefined ? undefined : `--${String(issue.path[0])}`;
  const detail = issue?.message ?? "invalid flags";
  return { ok: false, message: flag === undefined || detail.startsWith("--") ? `${detail}.` : `${flag}: ${detail}.` };
}

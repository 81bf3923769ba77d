/*
 * The credentials file a broker is given (--sasl-credentials FILE). It holds no
 * password, only what verifies one:
 *
 * {
 *   "version": 1,
 *   "users": {
 *     "alice": {
 *       "scram-sha-256": { "salt": b64, "iterations": 4096, "storedKey": b64, "serverKey": b64 },
 *       "plain": { "algorithm": "scrypt", "salt": b64, "hash": b64 }        (or "sha256": SHA-256(salt ‖ password))
 *     }
 *   },
 *   "internal": { "username": "freshet-internal", "clientKey": b64 }
 * }
 *
 * A user needs at least one entry; PLAIN logins are checked against "plain", or
 * against the SCRAM keys when there is none. "internal" is how the SPUs of a
 * cluster log in to each other for replication: the SCRAM ClientKey of a user in
 * the same file (a secret for this cluster only, since the salt is its own).
 * Entries are created with scramCredential / plainCredential / internalCredential.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { err, ok, type Result } from "@freshet/protocol/result";
import { sha256 } from "./scram-keys.js";

const base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, "expected base64")
  .transform((text) => Buffer.from(text, "base64"));

const key32 = base64.refine((bytes) => bytes.length === 32, "expected 32 bytes (SHA-256)");

const scramSchema = z.object({
  salt: base64,
  // kafkajs refuses fewer than 4096, librdkafka more than 1,000,000.
  iterations: z.number().int().min(4096).max(1_000_000),
  storedKey: key32,
  serverKey: key32,
});

const plainSchema = z.discriminatedUnion("algorithm", [
  z.object({ algorithm: z.literal("scrypt"), salt: base64, hash: base64 }),
  z.object({ algorithm: z.literal("sha256"), salt: base64, hash: key32 }),
]);

const userSchema = z
  .object({ "scram-sha-256": scramSchema.optional(), plain: plainSchema.optional() })
  .strict()
  .refine((user) => user["scram-sha-256"] !== undefined || user.plain !== undefined, "a user needs a scram-sha-256 or a plain entry");

const fileSchema = z
  .object({
    version: z.literal(1),
    users: z.record(z.string().min(1), userSchema),
    internal: z.object({ username: z.string().min(1), clientKey: key32 }).optional(),
  })
  .strict()
  .superRefine((file, context) => {
    if (file.internal === undefined) return;
    const scram = file.users[file.internal.username]?.["scram-sha-256"];
    if (scram === undefined) {
      context.addIssue({ code: "custom", path: ["internal", "username"], message: "the internal user needs a scram-sha-256 entry in users" });
    } else if (!sha256(file.internal.clientKey).equals(scram.storedKey)) {
      context.addIssue({ code: "custom", path: ["internal", "clientKey"], message: "does not match the internal user's storedKey" });
    }
  });

export type CredentialsFile = z.infer<typeof fileSchema>;
export type UserCredentials = CredentialsFile["users"][string];
export type ScramCredential = z.infer<typeof scramSchema>;
export type PlainCredential = z.infer<typeof plainSchema>;
/** The JSON form of entries, as written to the file. */
export type CredentialsFileJson = z.input<typeof fileSchema>;

export function parseCredentials(json: unknown): Result<CredentialsFile, string> {
  const parsed = fileSchema.safeParse(json);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0]!;
  return err(`${issue.path.join(".") || "(root)"}: ${issue.message}`);
}

/** Reads and validates the file; the error names the file and the first bad field. */
export async function loadCredentialsFile(path: string): Promise<Result<CredentialsFile, string>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (cause) {
    return err(`cannot read SASL credentials ${path}: ${(cause as Error).message}`);
  }
  const parsed = parseCredentials(json);
  return parsed.ok ? parsed : err(`invalid SASL credentials ${path}: ${parsed.error}`);
}

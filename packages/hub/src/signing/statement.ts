import { z } from "zod";

/** The in-toto Statement a package signature carries: which artifact, under which name, with which manifest. */
export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const PREDICATE_TYPE = "https://freshet.io/hub/package/v1";
export const PAYLOAD_TYPE = "application/vnd.in-toto+json";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const packageStatementSchema = z.object({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.tuple([z.object({ name: z.string(), digest: z.object({ sha256 }) })]),
  predicateType: z.literal(PREDICATE_TYPE),
  predicate: z.object({ manifestDigest: sha256 }),
});

export type PackageStatement = z.infer<typeof packageStatementSchema>;

export function packageStatement(ref: string, artifactDigest: string, manifestDigest: string): PackageStatement {
  return { _type: STATEMENT_TYPE, subject: [{ name: ref, digest: { sha256: artifactDigest } }], predicateType: PREDICATE_TYPE, predicate: { manifestDigest } };
}

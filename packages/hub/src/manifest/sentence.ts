import type { z } from "zod";

type RawIssue = z.core.$ZodRawIssue;
type Issue = z.core.$ZodIssue;

/** Marks an issue about an absent field, so the sentence can say "is missing" rather than quote a type. */
const MISSING = "\u0000missing";

const TYPE_NAMES: Record<string, string> = { string: "text", number: "a number", boolean: "true or false", array: "a list", object: "an object", record: "an object" };

/**
 * The per-parse error map: the ending of a sentence ("must be text") for the issues whose text the
 * schema does not write itself. zod's defaults read as diagnostics ("Invalid input: expected
 * string, received number"), and publishers see these messages in their terminal.
 */
export function issueEnding(issue: RawIssue): string | undefined {
  if (issue.input === undefined && (issue.code === "invalid_type" || issue.code === "invalid_value")) return MISSING;
  switch (issue.code) {
    case "invalid_type":
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return `must be ${issue.values.map((value) => JSON.stringify(value)).join(" or ")}`;
    case "too_big":
      return `must have at most ${String(issue.maximum)} ${issue.origin === "string" ? "characters" : "items"}`;
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) === 1) return "must not be empty";
      return `must have at least ${String(issue.minimum)} ${issue.origin === "string" ? "characters" : "items"}`;
    case "invalid_key":
      return "is not an allowed name";
    default:
      return undefined;
  }
}

/**
 * One sentence for the first issue, naming the field by its path (`keywords[2]`). Refinements
 * (`custom` issues) already write whole sentences and are kept as they are.
 */
export function sentenceOf(issues: readonly Issue[], subject: string): string {
  const issue = issues[0];
  if (issue === undefined) return `${subject} is not valid.`;
  if (issue.code === "custom") return issue.message;
  if (issue.code === "unrecognized_keys") return `${subject} has an unknown field "${pathText([...issue.path, issue.keys[0] ?? ""])}".`;
  const field = pathText(issue.path);
  if (issue.message === MISSING) return field === "" ? `${subject} is empty.` : `${subject} is missing "${field}".`;
  const ending = issue.message.startsWith("must ") || issue.message.startsWith("is ") ? issue.message : `is not valid (${issue.message})`;
  return field === "" ? `${subject} ${ending}.` : `${subject}'s "${field}" ${ending}.`;
}

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, segment) => (typeof segment === "number" ? `${text}[${String(segment)}]` : text === "" ? String(segment) : `${text}.${String(segment)}`), "");
}

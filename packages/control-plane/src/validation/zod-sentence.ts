import { z, type ZodError } from "zod";

type Issue = z.core.$ZodIssue;

/** Field names whose plain-English form is not just the key split into words. */
const FIELD_LABELS: Record<string, string> = { spus: "SPU count", clusterId: "Cluster id" };

const TYPE_NAMES: Record<string, string> = { int: "a whole number", number: "a number", string: "text", boolean: "true or false", array: "a list", object: "an object" };

const englishMessages = z.locales.en();

/**
 * One sentence for a person from a failed parse: the first issue, naming its field ("Name must be
 * at most 40 characters."). zod's own message is its issues as JSON, which no one should read; a
 * message a schema wrote itself (a regex's rule, say) is already a sentence and is kept.
 */
export function sentenceOf(error: ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "The request is not valid.";
  if (hasOwnMessage(issue)) return issue.message;
  return sentenceFor(issue, fieldLabel(issue.path));
}

/** Whether the schema's author wrote the message, rather than zod's English defaults. */
function hasOwnMessage(issue: Issue): boolean {
  // A finalized issue no longer carries its input, so the default invalid_type text cannot be rebuilt exactly.
  if (issue.code === "invalid_type") return !issue.message.startsWith("Invalid input: expected ");
  return issue.message !== englishMessages.localeError(issue as Parameters<typeof englishMessages.localeError>[0]);
}

export function fieldLabel(path: readonly PropertyKey[]): string {
  const key = [...path].reverse().find((segment): segment is string => typeof segment === "string");
  if (key === undefined) return "The request";
  // Money travels in minor units (budgetMinor: cents); the person typed an amount, so it reads "Budget".
  const label =
    FIELD_LABELS[key] ??
    key
      .replace(/(?<=.)Minor$/, "")
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .toLowerCase();
  return label.charAt(0).toUpperCase() + label.slice(1);
}

function sentenceFor(issue: Issue, field: string): string {
  switch (issue.code) {
    case "too_big":
      return `${field} must be ${issue.inclusive === false ? "less than" : "at most"} ${bound(issue.maximum, issue.origin)}.`;
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) === 1) return `${field} is required.`;
      return `${field} must be ${issue.inclusive === false ? "more than" : "at least"} ${bound(issue.minimum, issue.origin)}.`;
    case "invalid_type":
      if (issue.message.endsWith("received undefined")) return `${field} is required.`;
      return `${field} must be ${TYPE_NAMES[issue.expected] ?? issue.expected}.`;
    case "invalid_value":
      return issue.values.length === 1 ? `${field} must be ${String(issue.values[0])}.` : `${field} must be one of ${issue.values.map(String).join(", ")}.`;
    case "invalid_format":
      return `${field} is not a valid ${issue.format === "regex" ? "value" : issue.format}.`;
    case "not_multiple_of":
      return `${field} must be a multiple of ${String(issue.divisor)}.`;
    case "unrecognized_keys":
      return `Unknown ${issue.keys.length === 1 ? "field" : "fields"}: ${issue.keys.join(", ")}.`;
    case "invalid_union":
    case "invalid_key":
    case "invalid_element":
    case "custom":
      return `${field} is not valid.`;
  }
}

/** "40 characters", "16", "10 items": the limit with the unit the origin counts in. */
function bound(limit: number | bigint, origin: string): string {
  const value = typeof limit === "bigint" ? limit.toString() : limit.toLocaleString("en-US");
  if (origin === "string") return `${value} ${Number(limit) === 1 ? "character" : "characters"}`;
  if (origin === "array" || origin === "set") return `${value} ${Number(limit) === 1 ? "item" : "items"}`;
  if (origin === "file") return `${value} bytes`;
  if (origin === "date") return new Date(Number(limit)).toISOString();
  return value;
}

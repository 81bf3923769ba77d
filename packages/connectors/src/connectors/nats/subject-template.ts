import type { SinkRecord } from "../../kit/record.js";

export type RenderedSubject = { readonly ok: true; readonly subject: string } | { readonly ok: false; readonly error: string };

/** Whether the template has placeholders, i.e. which stream takes it is only known per record. */
export function isTemplated(template: string): boolean {
  return /\{\{(topic|key)\}\}/.test(template);
}

/** A publishable subject: dot-separated non-empty tokens without whitespace or wildcards. */
function subjectProblem(subject: string): string | undefined {
  if (/[\s*>]/.test(subject)) return "contains whitespace, * or >";
  if (subject.split(".").some((token) => token.length === 0)) return "has an empty token";
  return undefined;
}

/** Replaces {{topic}} and {{key}} in the configured subject for one record. */
export function renderSubject(template: string, record: SinkRecord): RenderedSubject {
  if (record.key === null && template.includes("{{key}}")) return { ok: false, error: "the record has no key for {{key}} in config.subject" };
  const key = record.key === null ? "" : Buffer.from(record.key).toString("utf8");
  const subject = template.replaceAll("{{topic}}", record.topic).replaceAll("{{key}}", key);
  const problem = subjectProblem(subject);
  return problem === undefined ? { ok: true, subject } : { ok: false, error: `the subject "${subject}" ${problem}` };
}

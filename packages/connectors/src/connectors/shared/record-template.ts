import type { SinkRecord } from "../../kit/record.js";

const PLACEHOLDER = /\{\{\s*(topic|partition|offset|key)\s*\}\}/g;

/** Whether `template` uses only the placeholders a record fills ({{topic}}, {{partition}}, {{offset}}, {{key}}). */
export function unknownPlaceholder(template: string): string | undefined {
  const names = [...template.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((match) => match[1] ?? "");
  return names.find((name) => !["topic", "partition", "offset", "key"].includes(name));
}

/** `template` with {{topic}}, {{partition}}, {{offset}} and {{key}} (UTF-8; empty when the record has none) of `record`. */
export function renderRecordTemplate(template: string, record: SinkRecord): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    switch (name) {
      case "topic":
        return record.topic;
      case "partition":
        return record.partition.toString();
      case "offset":
        return record.offset.toString();
      default:
        return record.key === null ? "" : Buffer.from(record.key).toString("utf8");
    }
  });
}

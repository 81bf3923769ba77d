import type { JsMsg } from "@nats-io/jetstream";
import type { SourceRecord } from "../../kit/record.js";

/** A JetStream message as a record: the subject is the key, headers with several values are joined by commas (as HTTP does). */
export function recordOf(message: JsMsg): SourceRecord {
  const headers: Record<string, string> = {};
  for (const name of message.headers?.keys() ?? []) headers[name] = message.headers?.values(name).join(",") ?? "";
  return {
    key: message.subject,
    value: message.data,
    headers,
    timestamp: message.time.getTime(),
  };
}

import { defineSink } from "../../kit/connector.js";
import { RecordError } from "../../kit/errors.js";
import type { SinkRecord } from "../../kit/record.js";
import { renderRecordTemplate } from "../shared/record-template.js";
import { httpSinkConfig, type HttpSinkConfig } from "./http-sink-config.js";
import { describeStatus, sendRequest, statusVerdict, throwUnlessRefused } from "./http-request.js";

const CONTENT_TYPE: Readonly<Record<HttpSinkConfig["batchMode"], string>> = {
  single: "application/octet-stream",
  "json-array": "application/json",
  ndjson: "application/x-ndjson",
};

/** The value as compact JSON text for the batch modes, or why it is not JSON. */
function jsonText(record: SinkRecord): string | Error {
  if (record.value === null) return "null";
  try {
    return JSON.stringify(JSON.parse(Buffer.from(record.value).toString("utf8")));
  } catch (cause) {
    return new Error(`the record value is not JSON, which batchMode needs: ${(cause as Error).message}`, { cause });
  }
}

function requestHeaders(config: HttpSinkConfig, first: SinkRecord): Headers {
  const headers = new Headers({ "content-type": CONTENT_TYPE[config.batchMode] });
  for (const [name, template] of Object.entries(config.headers)) headers.set(name, renderRecordTemplate(template, first));
  // A target that remembers idempotency keys drops the copy a retry after a lost answer sends.
  headers.set("idempotency-key", `${first.topic}-${first.partition.toString()}-${first.offset.toString()}`);
  return headers;
}

function requestBody(config: HttpSinkConfig, records: readonly SinkRecord[], texts: readonly string[]): Uint8Array | string {
  switch (config.batchMode) {
    case "single":
      return records[0]?.value ?? new Uint8Array();
    case "json-array":
      return `[${texts.join(",")}]`;
    case "ndjson":
      return `${texts.join("\n")}\n`;
  }
}

export default defineSink({
  type: "http-sink",
  kind: "sink",
  description: "Sends records to an HTTP endpoint, one request per record or per batch (JSON array or NDJSON).",
  config: httpSinkConfig,

  async check({ config }) {
    // HEAD moves no data; headers holding record placeholders have no record to fill them.
    const headers = Object.fromEntries(Object.entries(config.headers).filter(([, value]) => !value.includes("{{")));
    try {
      const response = await sendRequest(config.url, { method: "HEAD", headers }, config.timeoutMs);
      if (statusVerdict(response.status) === "permanent" && response.status !== 404 && response.status !== 405) {
        return { ok: false, message: await describeStatus("HEAD", config.url, response) };
      }
      return { ok: true, detail: `HEAD ${config.url} answered HTTP ${response.status.toString()}` };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  },

  open({ config }) {
    /** Sends one request; the refusal's sentence when the target refuses it (a 4xx that is not about credentials or the url). */
    async function send(records: readonly SinkRecord[], texts: readonly string[], signal: AbortSignal): Promise<string | undefined> {
      const first = records[0];
      if (first === undefined) return undefined;
      const response = await sendRequest(config.url, { method: config.method, headers: requestHeaders(config, first), body: requestBody(config, records, texts) }, config.timeoutMs, signal);
      if (response.ok) {
        await response.body?.cancel();
        return undefined;
      }
      return throwUnlessRefused(config.method, config.url, response);
    }

    /** Sends `records` as one request; when the target refuses it, one at a time to find the refused record (those before it are then sent). */
    async function sendBatch(records: readonly SinkRecord[], texts: readonly string[], signal: AbortSignal): Promise<void> {
      if ((await send(records, texts, signal)) === undefined) return;
      for (const [index, record] of records.entries()) {
        const refusal = await send([record], texts.slice(index, index + 1), signal);
        if (refusal !== undefined) throw new RecordError(index, refusal);
      }
    }

    return Promise.resolve({
      async write(records, signal) {
        if (config.batchMode === "single") {
          for (const [index, record] of records.entries()) {
            const refusal = await send([record], [], signal);
            if (refusal !== undefined) throw new RecordError(index, refusal);
          }
          return;
        }
        const texts = records.map(jsonText);
        const firstInvalid = texts.findIndex((text) => text instanceof Error);
        const valid = firstInvalid === -1 ? records.length : firstInvalid;
        await sendBatch(records.slice(0, valid), texts.slice(0, valid) as string[], signal);
        const invalid = texts[firstInvalid];
        if (invalid instanceof Error) throw new RecordError(firstInvalid, invalid.message, { cause: invalid.cause });
      },
      close: () => Promise.resolve(),
    });
  },
});

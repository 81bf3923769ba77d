import { z } from "zod";
import { unknownPlaceholder } from "../shared/record-template.js";

const headerValue = z.string().refine((value) => unknownPlaceholder(value) === undefined, { message: "may use only the placeholders {{topic}}, {{partition}}, {{offset}} and {{key}}" });

export const httpSinkConfig = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).describe("The address records are sent to, http:// or https://."),
  method: z.enum(["POST", "PUT"]).default("POST").describe("The request method."),
  headers: z.record(z.string(), headerValue).default({}).describe("Request headers; values may use {{topic}}, {{partition}}, {{offset}} and {{key}} of the record (of the first record for a batch)."),
  batchMode: z
    .enum(["single", "json-array", "ndjson"])
    .default("single")
    .describe("single: one request per record, its value as the body; json-array: one request per batch, the values (JSON) as an array; ndjson: one request per batch, one JSON value per line."),
  timeoutMs: z.number().int().min(1).default(10_000).describe("Milliseconds to wait for an answer before the request counts as failed (and is retried). Default 10000."),
});

export type HttpSinkConfig = z.infer<typeof httpSinkConfig>;

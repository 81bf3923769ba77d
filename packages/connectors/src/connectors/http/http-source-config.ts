import { z } from "zod";

export const httpSourceConfig = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }).describe("The address polled, http:// or https://."),
    method: z.enum(["GET", "POST"]).default("GET").describe("The request method."),
    headers: z.record(z.string(), z.string()).default({}).describe("Request headers, e.g. Authorization or Accept."),
    body: z.string().optional().describe("The request body (for POST)."),
    intervalMs: z.number().int().min(100).default(10_000).describe("Milliseconds from one successful request to the next. Default 10000."),
    timeoutMs: z.number().int().min(1).default(10_000).describe("Milliseconds to wait for an answer before the request counts as failed (and is retried). Default 10000."),
    format: z.enum(["json", "text"]).default("json").describe("json: the body must parse as JSON (else it is dead-lettered); text: the body is the record value as is."),
    split: z.string().min(1).optional().describe("Dot path to an array in the JSON body (e.g. data.items): each element becomes one record. Absent: the whole body is one record."),
    keyField: z.string().min(1).optional().describe("Dot path to the field of the body (or of each element with split) used as the record key. Absent: records have no key."),
  })
  .refine((c) => c.format === "json" || (c.split === undefined && c.keyField === undefined), { message: "split and keyField need format json", path: ["format"] });

export type HttpSourceConfig = z.infer<typeof httpSourceConfig>;

/**
 * What the source stores as its position: the validators of the last response it turned into
 * records, sent back as If-None-Match / If-Modified-Since so an unchanged resource answers 304.
 */
export const httpSourcePosition = z.object({ etag: z.string().nullable(), lastModified: z.string().nullable() });

export type HttpSourcePosition = z.infer<typeof httpSourcePosition>;

import { z } from "zod";
import { checkCredentials, natsConnectionFields } from "./nats-connection-config.js";

export const natsSinkConfig = z
  .strictObject({
    ...natsConnectionFields,
    subject: z
      .string()
      .min(1)
      .default("{{topic}}")
      .describe("The subject each record is published to; {{topic}} and {{key}} are replaced by the record's topic and key. A JetStream stream must take it."),
    ackTimeoutMs: z.number().int().min(100).max(120_000).default(10_000).describe("How long to wait for JetStream to acknowledge a published record before the write is retried."),
  })
  .superRefine(checkCredentials);

export type NatsSinkConfig = z.infer<typeof natsSinkConfig>;

import { z } from "zod";
import { checkCredentials, natsConnectionFields } from "./nats-connection-config.js";

/** JetStream names: no whitespace, dots or wildcards. */
const jetStreamName = z.string().regex(/^[^\s.*>]{1,255}$/, "must not contain whitespace, dots, * or >");

export const natsSourceConfig = z
  .strictObject({
    ...natsConnectionFields,
    stream: jetStreamName.describe("The JetStream stream to read."),
    subject: z.string().min(1).optional().describe("Only messages whose subject matches this filter (wildcards * and > allowed); default: the whole stream."),
    durable: jetStreamName.optional().describe("The durable consumer that keeps the read position in NATS; default freshet-<connector name>."),
    deliverPolicy: z
      .enum(["all", "new"])
      .default("all")
      .describe("Where a new durable consumer starts: all (the stream's first message) or new (messages published from now on). Ignored once the consumer exists."),
    ackWaitSeconds: z
      .number()
      .int()
      .min(10)
      .max(3_600)
      .default(300)
      .describe("How long NATS waits for the acknowledgement, sent once the records are in the cluster, before it delivers a message again (at-least-once). Default 5 minutes."),
  })
  .superRefine(checkCredentials);

export type NatsSourceConfig = z.infer<typeof natsSourceConfig>;

import { z } from "zod";
import { mqttConnectionFields } from "./mqtt-connection.js";

export const mqttQos = z.union([z.literal(0), z.literal(1), z.literal(2)]);

export const mqttSourceConfig = z.strictObject({
  ...mqttConnectionFields,
  topics: z.array(z.string().min(1)).min(1).describe("Topic filters subscribed to, e.g. sensors/+/temperature or plant/#."),
  qos: mqttQos.default(1).describe("Highest QoS asked for: 0 may lose messages; 1 and 2 are acknowledged only once the records are in the cluster. Default 1."),
  payloadFormat: z
    .enum(["binary", "json"])
    .default("binary")
    .describe('binary: the payload is the record value as is; json: the value is {"mqtt_topic": …, "payload": <the parsed payload>} and a payload that is not JSON is dead-lettered.'),
  sessionExpirySeconds: z
    .number()
    .int()
    .min(1)
    .max(4_294_967_295)
    .default(86_400)
    .describe("How long the broker keeps the subscription and queues messages while the connector is stopped. Default 86400 (one day)."),
});

export type MqttSourceConfig = z.infer<typeof mqttSourceConfig>;
